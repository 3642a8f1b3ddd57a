using CellDino.Data.Normalization;
using CellDino.Data.Samples;
using static TorchSharp.torch;

namespace CellDino.Eval.Embedding;

/// <summary>Cell-DINO's evaluation transform: scale to [0, 1], optional resize, centre crop, per-channel standardization.</summary>
internal static class ImagePreprocessor
{
    public static PreparedImage Prepare(MicroscopyImage image, EmbedderOptions options, int patchSize)
    {
        int c = image.Channels, h = image.Height, w = image.Width;
        float[] src = image.Pixels;
        if (options.Resize is int r && (r != h || r != w))
        {
            using var t = tensor(src, [1, c, h, w]);
            using var resized = nn.functional.interpolate(t, [r, r], mode: InterpolationMode.Bilinear, align_corners: false);
            src = resized.data<float>().ToArray();
            h = w = r;
        }
        int outH = options.CenterCrop ?? h / patchSize * patchSize;
        int outW = options.CenterCrop ?? w / patchSize * patchSize;
        if (outH < patchSize || outW < patchSize)
            throw new ArgumentException($"Image {h}x{w} is smaller than one {patchSize}-pixel patch.");
        if (outH % patchSize != 0)
            throw new ArgumentException($"EmbedderOptions.CenterCrop {outH} is not a multiple of the patch size {patchSize}.");
        var dst = new float[c * outH * outW];
        CenterCrop(src, c, h, w, dst, outH, outW);
        for (int ch = 0; ch < c; ch++)
            options.Normalization.ApplyToChannel(dst.AsSpan(ch * outH * outW, outH * outW), ch, image.SourceMax);
        return new PreparedImage(dst, c, outH, outW);
    }

    /// <summary>Copies the centred <paramref name="outH"/>×<paramref name="outW"/> window; pads with zeros where the source is smaller.</summary>
    private static void CenterCrop(float[] src, int c, int h, int w, float[] dst, int outH, int outW)
    {
        // torchvision's center_crop placement, shared with the training loader's crop (size - crop = 3 moves it by one pixel
        // against plain truncation).
        int top = Data.Loading.CenterCropTransform.Offset(h, outH), left = Data.Loading.CenterCropTransform.Offset(w, outW);
        for (int ch = 0; ch < c; ch++)
        {
            for (int y = 0; y < outH; y++)
            {
                int sy = y + top;
                if (sy < 0 || sy >= h) continue;
                int x0 = Math.Max(0, -left), x1 = Math.Min(outW, w - left);
                if (x1 <= x0) continue;
                src.AsSpan(ch * h * w + sy * w + left + x0, x1 - x0).CopyTo(dst.AsSpan(ch * outH * outW + y * outW + x0, x1 - x0));
            }
        }
    }
}
