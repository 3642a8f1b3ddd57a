using CellDino.Data.Csv;
using CellDino.Data.Readers;
using CellDino.Data.Tests.Imaging;

namespace CellDino.Data.Tests.Readers;

public class ClassNameListTests
{
    [Fact]
    public void Reads_index_name_rows_in_any_order()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("classes.csv"), "index,name\n2,Nucleoli\n0,Nucleoplasm\n1,\"Nuclear membrane\"\n");
        Assert.Equal(["Nucleoplasm", "Nuclear membrane", "Nucleoli"], ClassNameList.Read(dir.File("classes.csv")));
        Assert.Equal(["Nucleoplasm", "Nuclear membrane", "Nucleoli"], ClassNameList.Resolve(dir.File("classes.csv")));
    }

    [Theory]
    [InlineData("index,name\n0,a\n0,b\n", "listed twice")]
    [InlineData("index,name\n0,a\n2,b\n", "not a class index 0..1")]
    [InlineData("index,name\n0,a\nx,b\n", "'x' is not a class index")]
    [InlineData("index,name\n0,\n", "empty")]
    [InlineData("index,name\n", "no rows")]
    public void A_broken_class_list_names_the_row_and_what_was_expected(string text, string expected)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("c.csv"), text);
        var ex = Assert.Throws<DataFormatException>(() => ClassNameList.Read(dir.File("c.csv")));
        Assert.Contains(expected, ex.Message);
        Assert.Contains("c.csv", ex.Message);
    }

    [Fact]
    public void Built_in_names_resolve_and_anything_else_must_be_a_file()
    {
        Assert.Equal(28, ClassNameList.Resolve("hpa").Count);
        Assert.Equal(19, ClassNameList.Resolve("HPA-2021").Count);
        var ex = Assert.Throws<ArgumentException>(() => ClassNameList.Resolve("hpa2021"));
        Assert.Contains("hpa-2021", ex.Message);
    }

    [Fact]
    public void The_real_hpa_class_files_match_the_built_in_lists()
    {
        var real = Path.Combine(CellDino.TestSupport.Fixtures.RealDataDir, "hpa-fov-rgby");
        Assert.Equal(HpaClasses.Names, ClassNameList.Read(Path.Combine(real, "classes_2018.csv")));
        Assert.Equal(HpaClasses.SingleCell2021Names, ClassNameList.Read(Path.Combine(real, "classes_2021.csv")));
    }

    [Fact]
    public void A_header_is_read_without_reading_a_file_that_has_no_line_break()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("h.csv"), "a,\"b, c\",d\r\n1,2,3\n");
        Assert.Equal(["a", "b, c", "d"], CsvTable.ReadHeader(dir.File("h.csv")));
        File.WriteAllText(dir.File("long.csv"), new string('x', (1 << 20) + 10));
        var ex = Assert.Throws<DataFormatException>(() => CsvTable.ReadHeader(dir.File("long.csv")));
        Assert.Contains("header row is longer", ex.Message);
    }
}
