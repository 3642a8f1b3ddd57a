using CellDino.Data.Samples;

namespace CellDino.Data.Tests.Synthetic;

/// <summary>Field-by-field metadata equality (records compare their list members by reference).</summary>
internal static class MetadataAssert
{
    public static void Same(SampleMetadata expected, SampleMetadata actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Labels, actual.Labels);
        Assert.Equal(expected.CellLine, actual.CellLine);
        Assert.Equal(expected.ImageId, actual.ImageId);
        Assert.Equal(expected.CellId, actual.CellId);
        Assert.Equal(expected.Plate, actual.Plate);
        Assert.Equal(expected.Well, actual.Well);
        Assert.Equal(expected.Site, actual.Site);
        Assert.Equal(expected.Treatment, actual.Treatment);
        Assert.Equal(expected.MechanismOfAction, actual.MechanismOfAction);
        Assert.Equal(expected.IsControl, actual.IsControl);
    }
}
