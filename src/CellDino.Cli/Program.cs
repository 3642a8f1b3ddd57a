namespace CellDino.Cli;

/// <summary>Entry point of the <c>celldino</c> tool.</summary>
public static class Program
{
    /// <summary>Runs the tool; Ctrl-C or SIGTERM cancels the running command cleanly (outputs complete or absent).</summary>
    public static int Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (cts.IsCancellationRequested) return; // a second Ctrl-C kills the process
            e.Cancel = true;
            Console.Error.WriteLine("\nStopping after the current step (Ctrl-C again to abort) ...");
            cts.Cancel();
        };
        // SIGTERM (what Slurm and Kubernetes send at a time limit) is handled as Ctrl-C: finish the step, write a complete
        // checkpoint or shard, exit 130.
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            if (cts.IsCancellationRequested) return;
            Console.Error.WriteLine("\nSIGTERM: stopping after the current step ...");
            cts.Cancel();
        });
        return CliApp.Run(args, Console.Out, Console.Error, cts.Token);
    }
}
