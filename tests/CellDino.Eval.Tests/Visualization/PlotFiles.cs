using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace CellDino.Eval.Tests.Visualization;

/// <summary>A temporary folder for plot outputs plus PNG/CSV readers.</summary>
internal sealed class PlotFiles : IDisposable
{
    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "celldino-plots-" + Guid.NewGuid().ToString("N"));

    public string Path_(string name) => Path.Combine(Dir, name);

    public static Image<Rgba32> LoadPng(string path, int width, int height)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        var img = Image.Load<Rgba32>(bytes);
        Assert.Equal(width, img.Width);
        Assert.Equal(height, img.Height);
        return img;
    }

    public static string[][] ReadCsv(string pngPath)
    {
        var lines = File.ReadAllLines(Path.ChangeExtension(pngPath, ".csv"));
        return lines.Select(l => l.Split(',')).ToArray();
    }

    public static HashSet<Rgba32> Colors(Image<Rgba32> img)
    {
        var set = new HashSet<Rgba32>();
        for (int y = 0; y < img.Height; y++)
            for (int x = 0; x < img.Width; x++) set.Add(img[x, y]);
        return set;
    }

    public void Dispose()
    {
        if (Directory.Exists(Dir)) Directory.Delete(Dir, true);
    }
}
