using CellDino.Data.Samples;

namespace CellDino.Data.Readers;

/// <summary>Cuts fixed-size, zero-padded crops around a centre, optionally masking by instance id.</summary>
internal static class CellCropper
{
    public static MicroscopyImage Crop(MicroscopyImage fov, float[]? mask, int cellId, int centerX, int centerY, int size, CellMasking masking)
    {
        int h = fov.Height, w = fov.Width, plane = size * size;
        int x0 = centerX - size / 2, y0 = centerY - size / 2;
        int sx0 = Math.Max(0, x0), sx1 = Math.Min(w, x0 + size);
        var pixels = new float[fov.Channels * plane];
        if (sx1 > sx0)
        {
            int span = sx1 - sx0, dx = sx0 - x0;
            for (int c = 0; c < fov.Channels; c++)
            {
                var src = fov.Channel(c);
                for (int y = 0; y < size; y++)
                {
                    int sy = y0 + y;
                    if ((uint)sy >= (uint)h) continue;
                    src.Slice(sy * w + sx0, span).CopyTo(pixels.AsSpan(c * plane + y * size + dx, span));
                }
            }
            if (mask is not null && masking != CellMasking.None)
            {
                float id = cellId;
                for (int y = 0; y < size; y++)
                {
                    int sy = y0 + y;
                    if ((uint)sy >= (uint)h) continue;
                    var m = mask.AsSpan(sy * w + sx0, span);
                    for (int x = 0; x < span; x++)
                    {
                        float v = m[x];
                        bool drop = masking == CellMasking.OutsideCell ? v != id : v != 0 && v != id;
                        if (!drop) continue;
                        int o = y * size + dx + x;
                        for (int c = 0; c < fov.Channels; c++) pixels[c * plane + o] = 0;
                    }
                }
            }
        }
        return new MicroscopyImage(fov.ChannelNames, size, size, pixels, fov.BitDepth);
    }

    /// <summary>Per-instance pixel counts and bounding boxes of an instance mask (ids 1..max; 0 is background).</summary>
    public static List<(int Id, int Count, int XMin, int YMin, int XMax, int YMax)> Instances(float[] mask, int height, int width)
    {
        int maxId = 0;
        foreach (var v in mask) maxId = Math.Max(maxId, (int)v);
        var count = new int[maxId + 1];
        var box = new int[(maxId + 1) * 4];
        for (int i = 0; i <= maxId; i++) { box[4 * i] = int.MaxValue; box[4 * i + 1] = int.MaxValue; box[4 * i + 2] = -1; box[4 * i + 3] = -1; }
        for (int y = 0; y < height; y++)
        {
            var row = mask.AsSpan(y * width, width);
            for (int x = 0; x < width; x++)
            {
                int id = (int)row[x];
                if (id == 0) continue;
                count[id]++;
                int b = 4 * id;
                if (x < box[b]) box[b] = x;
                if (y < box[b + 1]) box[b + 1] = y;
                if (x > box[b + 2]) box[b + 2] = x;
                if (y > box[b + 3]) box[b + 3] = y;
            }
        }
        var result = new List<(int, int, int, int, int, int)>();
        for (int id = 1; id <= maxId; id++)
            if (count[id] > 0) result.Add((id, count[id], box[4 * id], box[4 * id + 1], box[4 * id + 2], box[4 * id + 3]));
        return result;
    }
}
