namespace CellDino.Cli;

/// <summary>Command dispatch for <c>celldino</c>.</summary>
public static class CliApp
{
    /// <summary>Runs a command line and returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        Console.WriteLine("celldino: commands arrive with the CLI issue.");
        return 0;
    }
}
