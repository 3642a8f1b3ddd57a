namespace CellDino.Cli.Infrastructure;

/// <summary>Process exit codes of <c>celldino</c>.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected internal error (a bug: please report it with the message).</summary>
    public const int InternalError = 1;

    /// <summary>Bad arguments or bad input data: the message says what to fix.</summary>
    public const int BadInput = 2;

    /// <summary>The native runtime (TorchSharp/libtorch) could not load.</summary>
    public const int RuntimeMissing = 3;

    /// <summary>Training diverged (NaN or infinite loss).</summary>
    public const int Diverged = 4;

    /// <summary>
    /// Training collapsed and <c>train.stop_on_collapse</c> was set: the run stopped after writing a checkpoint
    /// (the message names the kind of collapse and the remedies).
    /// </summary>
    public const int Collapsed = 5;

    /// <summary>A file could not be read or written (disk full, read-only folder); finished outputs are complete.</summary>
    public const int InputOutput = 6;

    /// <summary>Cancelled with Ctrl-C or SIGTERM.</summary>
    public const int Cancelled = 130;
}
