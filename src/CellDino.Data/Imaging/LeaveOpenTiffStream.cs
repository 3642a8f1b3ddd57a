using BitMiracle.LibTiff.Classic;

namespace CellDino.Data.Imaging;

/// <summary>LibTiff stream adapter that leaves the underlying stream open, so the atomic writer can flush and rename it.</summary>
internal sealed class LeaveOpenTiffStream : TiffStream
{
    /// <inheritdoc />
    public override void Close(object clientData)
    {
        // The caller owns the stream.
    }
}
