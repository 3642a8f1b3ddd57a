using CellDino.Data.Imaging;
using CellDino.Data.Readers;

namespace CellDino.Data.Tests.BadInput;

/// <summary>The committed corpus in TestData/bad (made by make-corpus.fsx): every file must fail with a DataFormatException naming it.</summary>
public class BadInputCorpusTests
{
    private static readonly string Dir = Path.Combine(TestSupport.Fixtures.RepoRoot, "tests", "CellDino.Data.Tests", "TestData", "bad");
    private static readonly string Hpa = Path.Combine(Dir, "hpa");

    private static string F(string name) => Path.Combine(Dir, name);

    [Fact]
    public void Valid_control_file_decodes()
    {
        var img = ImageIO.Read(F("valid.png"));
        Assert.Equal((1, 8, 8, 8), (img.Channels, img.Height, img.Width, img.BitDepth));
        Assert.Equal(63 * 3, img.Pixels[63]);
    }

    [Theory]
    [InlineData("truncated.png", "truncated")]
    [InlineData("corrupt.png", "CRC")]
    [InlineData("onebit.png", "bit depth 1")]
    [InlineData("float32.tif", "32-bit")]
    [InlineData("not-an-image.png", "expected PNG or TIFF")]
    [InlineData("empty.png", "empty")]
    [InlineData("does-not-exist.png", "not found")]
    public void Bad_image_files_throw_DataFormatException_naming_the_file(string file, string reason)
    {
        var ex = Assert.Throws<DataFormatException>(() => ImageIO.Read(F(file)));
        Assert.Equal(F(file), ex.FilePath);
        Assert.Contains(F(file), ex.Message);
        Assert.Contains(reason, ex.Message);
    }

    [Theory]
    [InlineData("truncated.png")]
    [InlineData("onebit.png")]
    [InlineData("float32.tif")]
    public void Identify_rejects_the_same_files(string file)
    {
        var ex = Assert.Throws<DataFormatException>(() => ImageIO.Identify(F(file)));
        Assert.Equal(F(file), ex.FilePath);
    }

    [Fact]
    public void Label_index_28_is_out_of_range_with_file_and_row()
    {
        var csv = Path.Combine(Hpa, "label28.csv");
        var ex = Assert.Throws<DataFormatException>(() => new HpaKaggleDataset(Hpa, csv));
        Assert.Equal(csv, ex.FilePath);
        Assert.Equal(3, ex.Row);
        Assert.Contains("row 3", ex.Message);
        Assert.Contains("28", ex.Message);
        Assert.Contains("0..27", ex.Message);
    }

    [Fact]
    public void Malformed_csv_row_names_file_and_row()
    {
        var csv = Path.Combine(Hpa, "malformed.csv");
        var ex = Assert.Throws<DataFormatException>(() => new HpaKaggleDataset(Hpa, csv));
        Assert.Equal((csv, (int?)3), (ex.FilePath, ex.Row));
        Assert.Contains("expected 2 fields", ex.Message);
    }

    [Fact]
    public void Unterminated_quote_names_file_and_row_even_when_skipping()
    {
        var csv = Path.Combine(Hpa, "unterminated.csv");
        var ex = Assert.Throws<DataFormatException>(() => new HpaKaggleDataset(Hpa, csv, new HpaKaggleOptions { BadInput = BadInputPolicy.SkipAndReport }));
        Assert.Equal((csv, (int?)3), (ex.FilePath, ex.Row));
        Assert.Contains("unterminated", ex.Message);
    }

    [Fact]
    public void Missing_channel_names_the_expected_file_and_row()
    {
        var csv = Path.Combine(Hpa, "missing.csv");
        var ex = Assert.Throws<DataFormatException>(() => new HpaKaggleDataset(Hpa, csv));
        Assert.Equal(Path.Combine(Hpa, "missing_yellow.png"), ex.FilePath);
        Assert.Equal(3, ex.Row);
        Assert.Contains("yellow", ex.Message);
    }

    [Fact]
    public void Mismatched_channel_sizes_fail_on_get_naming_the_odd_file()
    {
        var ds = new HpaKaggleDataset(Hpa, Path.Combine(Hpa, "sizes.csv"));
        var ex = Assert.Throws<DataFormatException>(() => ds.Get(0));
        Assert.Equal(Path.Combine(Hpa, "sizes_blue.png"), ex.FilePath);
        Assert.Contains("6x6", ex.Message);
        Assert.Contains("8x8", ex.Message);
        // With verification the same problem surfaces while indexing.
        var vex = Assert.Throws<DataFormatException>(() => new HpaKaggleDataset(Hpa, Path.Combine(Hpa, "sizes.csv"), new HpaKaggleOptions { VerifyImages = true }));
        Assert.Equal(Path.Combine(Hpa, "sizes_blue.png"), vex.FilePath);
    }

    [Fact]
    public void Fail_fast_throws_on_the_mixed_table_at_its_structural_error_first()
    {
        var csv = Path.Combine(Hpa, "train.csv");
        var ex = Assert.Throws<DataFormatException>(() => new HpaKaggleDataset(Hpa, csv, new HpaKaggleOptions { VerifyImages = true }));
        // The table is parsed before its rows are indexed, so the 3-field row 7 is found before the bad files of rows 3-5.
        Assert.Equal((csv, (int?)7), (ex.FilePath, ex.Row));
    }

    [Fact]
    public void Skip_policy_drops_bad_samples_and_keeps_labels_aligned_with_pixels()
    {
        var csv = Path.Combine(Hpa, "train.csv");
        var ds = new HpaKaggleDataset(Hpa, csv, new HpaKaggleOptions { BadInput = BadInputPolicy.SkipAndReport, VerifyImages = true });
        Assert.Equal(3, ds.Count);
        Assert.Equal(["good1", "good2", "good3"], Enumerable.Range(0, 3).Select(i => ds.GetMetadata(i).Id));
        Assert.Equal([0, 25], ds.GetMetadata(0).Labels);
        Assert.Equal([5, 7], ds.GetMetadata(1).Labels);
        Assert.Equal([3], ds.GetMetadata(2).Labels);
        // Each good id's files hold its own constant (10, 20, 30): pixels moved with their labels.
        for (int i = 0; i < 3; i++)
        {
            var s = ds.Get(i);
            Assert.Equal(s.Metadata, ds.GetMetadata(i));
            Assert.All(s.Image.Pixels, v => Assert.Equal(10f * (i + 1), v));
        }
        Assert.Equal(4, ds.Problems.Count);
        Assert.Contains(ds.Problems, p => p.FilePath.EndsWith("sizes_blue.png", StringComparison.Ordinal));
        Assert.Contains(ds.Problems, p => p.FilePath.EndsWith("missing_yellow.png", StringComparison.Ordinal) && p.Row == 4);
        Assert.Contains(ds.Problems, p => p.FilePath == csv && p.Row == 5 && p.Reason.Contains("28", StringComparison.Ordinal));
        Assert.Contains(ds.Problems, p => p.FilePath == csv && p.Row == 7 && p.Reason.Contains("fields", StringComparison.Ordinal));
    }
}
