using CellDino.Data.Samples;

namespace CellDino.Data.Synthetic;

/// <summary>Cuts fixed-size single-cell crops centred on a cell, zero-padded at the field border.</summary>
internal static class SingleCellCropper
{
    /// <summary>
    /// Crops <paramref name="size"/>×<paramref name="size"/> pixels centred on cell <paramref name="cellId"/>
    /// of <paramref name="field"/>. With <paramref name="maskOthers"/>, pixels not owned by the cell are zeroed.
    /// </summary>
    public static Sample Crop(SyntheticField field, int cellId, int size, bool maskOthers)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), $"Crop size must be positive, got {size}.");
        var cell = field.Cells.FirstOrDefault(c => c.Id == cellId)
            ?? throw new ArgumentOutOfRangeException(nameof(cellId), $"Field {field.Metadata.Id} has no cell {cellId} (it has {field.Cells.Count}).");
        var src = field.Image;
        int h = src.Height, w = src.Width;
        int x0 = (int)MathF.Round(cell.CenterX - size / 2f), y0 = (int)MathF.Round(cell.CenterY - size / 2f);
        var dst = new float[src.Channels * size * size];
        for (int c = 0; c < src.Channels; c++)
        {
            var plane = src.Channel(c);
            var outPlane = dst.AsSpan(c * size * size, size * size);
            for (int y = 0; y < size; y++)
            {
                int sy = y0 + y;
                if ((uint)sy >= (uint)h) continue;
                for (int x = 0; x < size; x++)
                {
                    int sx = x0 + x;
                    if ((uint)sx >= (uint)w) continue;
                    int p = sy * w + sx;
                    if (maskOthers && field.CellMask[p] != cellId) continue;
                    outPlane[y * size + x] = plane[p];
                }
            }
        }
        var meta = field.Metadata with
        {
            Id = $"{field.Metadata.Id}_c{cellId}",
            ImageId = field.Metadata.Id,
            CellId = cellId,
        };
        return new Sample(new MicroscopyImage(src.ChannelNames, size, size, dst, src.BitDepth), meta);
    }
}
