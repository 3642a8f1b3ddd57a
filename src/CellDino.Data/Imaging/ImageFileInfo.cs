namespace CellDino.Data.Imaging;

/// <summary>Header facts of an image file, read without decoding its pixels.</summary>
/// <param name="Format">"png" or "tiff".</param>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
/// <param name="Channels">Planes the file decodes to (PNG colour components, or TIFF pages).</param>
/// <param name="BitDepth">Bits per sample (8 or 16).</param>
public sealed record ImageFileInfo(string Format, int Width, int Height, int Channels, int BitDepth);
