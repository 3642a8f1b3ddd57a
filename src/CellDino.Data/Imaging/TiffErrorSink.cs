using BitMiracle.LibTiff.Classic;

namespace CellDino.Data.Imaging;

/// <summary>
/// Routes LibTiff.NET's error and warning callbacks (which print to the console by default) into a
/// per-thread message, so a failed call can be reported in a <see cref="DataFormatException"/>.
/// </summary>
internal sealed class TiffErrorSink : TiffErrorHandler
{
    [ThreadStatic] private static string? _lastError;
    private static readonly Lazy<bool> Installed = new(() => { Tiff.SetErrorHandler(new TiffErrorSink()); return true; });

    /// <summary>Installs the sink once per process (LibTiff's handler is global).</summary>
    public static void EnsureInstalled() => _ = Installed.Value;

    /// <summary>Returns and clears this thread's last LibTiff error.</summary>
    public static string? TakeLastError()
    {
        var e = _lastError;
        _lastError = null;
        return e;
    }

    /// <inheritdoc />
    public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) =>
        _lastError = $"{method}: {SafeFormat(format, args)}";

    /// <inheritdoc />
    public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
    {
        // The plain handler already records the message; nothing more to do.
    }

    /// <inheritdoc />
    public override void WarningHandler(Tiff tif, string method, string format, params object[] args)
    {
        // Unknown tags and similar warnings are harmless for pixel reading; stay silent.
    }

    /// <inheritdoc />
    public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
    {
    }

    private static string SafeFormat(string format, object[] args)
    {
        try { return args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args); }
        catch (FormatException) { return format; }
    }
}
