using CellDino.Data.Readers;

namespace CellDino.Data.Tests;

public class EnumNamesTests
{
    [Fact]
    public void Names_parse_case_insensitively_and_name_their_values_back()
    {
        var names = SingleCellOptions.MaskingNames;
        Assert.Equal(["other-cells", "outside-cell", "none"], names.Names);
        Assert.Equal(CellMasking.OutsideCell, names.Parse(" Outside-Cell "));
        Assert.Equal("none", names.NameOf(CellMasking.None));
        Assert.Equal("", names.Describe(CellMasking.None));
        var e = Assert.Throws<ArgumentException>(() => names.Parse("inside"));
        Assert.Equal("'inside' is not one of other-cells, outside-cell, none.", e.Message.Split(" (Parameter")[0]);
    }

    [Fact]
    public void A_table_that_names_a_value_twice_or_leaves_one_out_is_refused_where_it_matters()
    {
        Assert.Throws<ArgumentException>(() => new EnumNames<CellMasking>(Array.Empty<(string, CellMasking, string)>()));
        Assert.Throws<ArgumentException>(() => new EnumNames<CellMasking>(("a", CellMasking.None), ("A", CellMasking.OtherCells)));
        Assert.Throws<ArgumentException>(() => new EnumNames<CellMasking>(("a", CellMasking.None), ("b", CellMasking.None)));
        Assert.Throws<ArgumentException>(() => new EnumNames<CellMasking>((" ", CellMasking.None)));
        var partial = new EnumNames<CellMasking>(("none", CellMasking.None, "keep every pixel"));
        Assert.Equal("keep every pixel", partial.Describe(CellMasking.None));
        Assert.Contains("OtherCells has no name", Assert.Throws<ArgumentOutOfRangeException>(() => partial.NameOf(CellMasking.OtherCells)).Message);
    }
}
