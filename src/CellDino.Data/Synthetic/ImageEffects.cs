namespace CellDino.Data.Synthetic;

/// <summary>
/// The acquisition model applied after painting: defocus blur, per-channel gain, background, shot
/// (Poisson-like) and read (Gaussian) noise, then quantization to 16-bit counts.
/// </summary>
internal static class ImageEffects
{
    /// <summary>Electrons per count: shot-noise variance is <c>value · ShotGain</c>.</summary>
    private const float ShotGain = 2f;

    /// <summary>Read-noise standard deviation in counts.</summary>
    private const float ReadNoise = 30f;

    public static void Apply(float[] pixels, int channels, int height, int width, SyntheticBatchEffect batch, float noiseLevel, ulong noiseSeed, float[] scratch)
    {
        int plane = height * width;
        var rng = new SplitMixRandom(noiseSeed);
        for (int c = 0; c < channels; c++)
        {
            var ch = pixels.AsSpan(c * plane, plane);
            if (batch.BlurSigma > 0.05f) GaussianBlur(ch, height, width, batch.BlurSigma, scratch.AsSpan(0, plane));
            float gain = batch.ChannelGain[c];
            for (int i = 0; i < ch.Length; i++)
            {
                float v = ch[i] * gain + batch.Background;
                if (noiseLevel > 0f)
                {
                    float shot = MathF.Sqrt(MathF.Max(v, 0f) * ShotGain);
                    v += noiseLevel * (shot * (float)rng.NextGaussian() + ReadNoise * (float)rng.NextGaussian());
                }
                ch[i] = MathF.Round(Math.Clamp(v, 0f, 65535f));
            }
        }
    }

    /// <summary>Separable Gaussian blur with clamped edges, in place (via <paramref name="tmp"/>).</summary>
    public static void GaussianBlur(Span<float> plane, int height, int width, float sigma, Span<float> tmp)
    {
        int radius = Math.Min(8, (int)MathF.Ceiling(2.5f * sigma));
        Span<float> k = stackalloc float[2 * radius + 1];
        float total = 0;
        for (int i = -radius; i <= radius; i++) total += k[i + radius] = MathF.Exp(-i * i / (2f * sigma * sigma));
        for (int i = 0; i < k.Length; i++) k[i] /= total;
        for (int y = 0; y < height; y++)
        {
            int row = y * width;
            for (int x = 0; x < width; x++)
            {
                float s = 0;
                for (int i = -radius; i <= radius; i++) s += k[i + radius] * plane[row + Math.Clamp(x + i, 0, width - 1)];
                tmp[row + x] = s;
            }
        }
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                float s = 0;
                for (int i = -radius; i <= radius; i++) s += k[i + radius] * tmp[Math.Clamp(y + i, 0, height - 1) * width + x];
                plane[y * width + x] = s;
            }
        }
    }
}
