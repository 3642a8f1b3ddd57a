namespace CellDino.Core;

/// <summary>
/// Thrown when TorchSharp's native libraries cannot be loaded. The message names the cause
/// (a missing backend package or a too-old libstdc++) and the fix, instead of the native loader's trace.
/// </summary>
public sealed class TorchRuntimeException : Exception
{
    /// <summary>Creates the exception with a message and the original loader failure.</summary>
    public TorchRuntimeException(string message, Exception? inner = null) : base(message, inner) { }
}
