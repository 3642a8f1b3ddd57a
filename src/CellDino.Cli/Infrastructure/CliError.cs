namespace CellDino.Cli.Infrastructure;

/// <summary>A user-facing error: printed as one message, with an exit code, never as a stack trace.</summary>
internal sealed class CliError(string message, int exitCode = ExitCodes.BadInput) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
