namespace CellDino.Cli;

/// <summary>Entry point of the <c>celldino</c> tool.</summary>
public static class Program
{
    /// <summary>Runs the tool.</summary>
    public static int Main(string[] args) => CliApp.Run(args);
}
