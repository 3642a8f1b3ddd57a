using CellDino.Data;
using CellDino.Data.Imaging;
using CellDino.Data.Readers;
using CellDino.Data.Synthetic;
using CellDino.Eval.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;

namespace CellDino.Eval.Tests.DependencyInjection;

public sealed class DatasetReaderFactoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("celldino-di-data-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static IDatasetReaderFactory Factory(BadInputPolicy policy = BadInputPolicy.FailFast)
    {
        var provider = new ServiceCollection()
            .AddCellDino(o => o.DatasetReader = new DatasetReaderOptions { BadInput = policy })
            .BuildServiceProvider();
        return provider.GetRequiredService<IDatasetReaderFactory>();
    }

    // Two HPA Kaggle samples; "b" lacks its yellow (ER) channel file.
    private void WriteHpaFolderWithOneIncompleteSample()
    {
        string[] colors = ["red", "green", "blue", "yellow"];
        foreach (var (id, n) in new[] { ("a", 4), ("b", 3) })
            for (int c = 0; c < n; c++)
                ImageIO.WritePng(Path.Combine(_dir, $"{id}_{colors[c]}.png"), Enumerable.Repeat(10f * (c + 1), 16).ToArray(), 4, 4, 8);
        File.WriteAllText(Path.Combine(_dir, "train.csv"), "Id,Target\na,0\nb,1 2\n");
    }

    [Fact]
    public void Hpa_kaggle_folder_opens_with_the_registered_bad_input_policy()
    {
        WriteHpaFolderWithOneIncompleteSample();
        var csv = Path.Combine(_dir, "train.csv");

        Assert.Throws<DataFormatException>(() => Factory().Open(DatasetLayout.HpaKaggle, _dir, csv));

        var lenient = Factory(BadInputPolicy.SkipAndReport).Open(DatasetLayout.HpaKaggle, _dir, csv);
        var hpa = Assert.IsType<HpaKaggleDataset>(lenient);
        Assert.Equal(1, hpa.Count);
        Assert.Equal("a", hpa.GetMetadata(0).Id);
        Assert.Equal([0], hpa.GetMetadata(0).Labels);
        Assert.Single(hpa.Problems);
        Assert.Equal(BadInputPolicy.SkipAndReport, hpa.Policy);
        // Cell-DINO's channel order: microtubules (red), protein (green), nucleus (blue), ER (yellow).
        Assert.Equal(40f, hpa.Get(0).Image.Channel(3)[0]);
    }

    [Fact]
    public void Synthetic_layout_generates_the_configured_images()
    {
        var ds = Factory().Open(new DatasetSource
        {
            Layout = DatasetLayout.Synthetic,
            Synthetic = new SyntheticConfig { Kind = SyntheticKind.CellPainting, Height = 48, Width = 40, Seed = 9 },
            SyntheticCount = 5,
        });
        Assert.IsType<SyntheticDataset>(ds);
        Assert.Equal(5, ds.Count);
        var image = ds.Get(4).Image;
        Assert.Equal((5, 48, 40), (image.Channels, image.Height, image.Width));
        var again = new SyntheticDataset(new SyntheticConfig { Kind = SyntheticKind.CellPainting, Height = 48, Width = 40, Seed = 9 }, 5).Get(4).Image;
        Assert.Equal(again.Pixels.ToArray(), image.Pixels.ToArray());
    }

    [Fact]
    public void Missing_paths_are_reported_with_the_layout_and_path()
    {
        var factory = Factory();
        var folder = Path.Combine(_dir, "nope");
        var ex = Assert.Throws<ArgumentException>(() => factory.Open(DatasetLayout.TiffFolder, folder));
        Assert.Contains("The tiff-folder dataset folder", ex.Message); // the name --layout takes, not the enum's
        Assert.Contains(folder, ex.Message);
        var cp = Assert.Throws<ArgumentException>(() => factory.Open(DatasetLayout.CellPainting, _dir));
        Assert.Contains(Path.Combine(_dir, "load_data.csv"), cp.Message);
        var png = Assert.Throws<ArgumentException>(() => factory.Open(new DatasetSource { Layout = DatasetLayout.CellDinoPng }));
        Assert.Contains("Path is required", png.Message);
        var labels = Assert.Throws<ArgumentException>(() => factory.Open(DatasetLayout.HpaKaggle, _dir, Path.Combine(_dir, "missing.csv")));
        Assert.Contains("missing.csv", labels.Message);
        var count = Assert.Throws<ArgumentException>(() => factory.Open(new DatasetSource { Layout = DatasetLayout.Synthetic, SyntheticCount = 0 }));
        Assert.Contains("SyntheticCount", count.Message);
    }
}
