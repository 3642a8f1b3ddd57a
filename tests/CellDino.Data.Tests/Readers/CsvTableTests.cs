using CellDino.Data.Csv;

namespace CellDino.Data.Tests.Readers;

public class CsvTableTests
{
    [Fact]
    public void Parses_quotes_commas_doubled_quotes_and_line_breaks_with_row_numbers()
    {
        var t = CsvTable.Parse("x.csv", "id,text,n\r\na,\"hello, world\",1\r\nb,\"say \"\"hi\"\"\",2\nc,\"two\nlines\",3\nd,,4");
        Assert.Equal(["id", "text", "n"], t.Header);
        Assert.Equal(4, t.Rows.Count);
        Assert.Equal("hello, world", t.Rows[0]["text"]);
        Assert.Equal("say \"hi\"", t.Rows[1]["TEXT"]);
        Assert.Equal("two\nlines", t.Rows[2]["text"]);
        Assert.Equal("", t.Rows[3]["text"]);
        Assert.Equal([2, 3, 4, 6], t.Rows.Select(r => r.RowNumber));
        Assert.Equal(4, t.Rows[3].GetInt("n"));
    }

    [Fact]
    public void Field_count_mismatch_names_file_and_row_or_goes_to_the_callback()
    {
        var ex = Assert.Throws<DataFormatException>(() => CsvTable.Parse("f.csv", "a,b\n1,2\n3\n"));
        Assert.Equal(("f.csv", (int?)3), (ex.FilePath, ex.Row));
        Assert.StartsWith("f.csv, row 3:", ex.Message);
        var bad = new List<DataFormatException>();
        var t = CsvTable.Parse("f.csv", "a,b\n1,2\n3\n4,5\n", bad.Add);
        Assert.Equal(2, t.Rows.Count);
        Assert.Equal(3, Assert.Single(bad).Row);
    }

    [Fact]
    public void Stray_quotes_and_unterminated_fields_are_errors()
    {
        Assert.Equal(2, Assert.Throws<DataFormatException>(() => CsvTable.Parse("f", "a,b\n1,x\"y\n")).Row);
        Assert.Equal(2, Assert.Throws<DataFormatException>(() => CsvTable.Parse("f", "a,b\n1,\"x\"y\n")).Row);
        Assert.Equal(3, Assert.Throws<DataFormatException>(() => CsvTable.Parse("f", "a,b\n1,2\n3,\"oops\n")).Row);
        Assert.Equal(1, Assert.Throws<DataFormatException>(() => CsvTable.Parse("f", "")).Row);
        Assert.Equal(1, Assert.Throws<DataFormatException>(() => CsvTable.Parse("f", "a,a\n1,2")).Row);
    }

    [Fact]
    public void Missing_column_and_bad_numbers_name_the_file()
    {
        var t = CsvTable.Parse("g.csv", "a,b\nx,1.5\n");
        var ex = Assert.Throws<DataFormatException>(() => t.Rows[0]["c"]);
        Assert.Contains("'c'", ex.Message);
        Assert.Contains("a, b", ex.Message);
        var ni = Assert.Throws<DataFormatException>(() => t.Rows[0].GetInt("b"));
        Assert.Equal(2, ni.Row);
        Assert.Equal(1.5, t.Rows[0].GetDouble("b"));
        Assert.Throws<DataFormatException>(() => CsvTable.Read("/no/such/file.csv"));
    }

    [Fact]
    public void Escape_quotes_only_when_needed()
    {
        Assert.Equal("plain", CsvTable.Escape("plain"));
        Assert.Equal("\"a,b\"", CsvTable.Escape("a,b"));
        Assert.Equal("\"say \"\"x\"\"\"", CsvTable.Escape("say \"x\""));
    }
}
