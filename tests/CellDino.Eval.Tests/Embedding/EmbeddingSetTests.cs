using CellDino.Data.Samples;
using CellDino.Eval.Embedding;
using CellDino.Eval.Knn;

namespace CellDino.Eval.Tests.Embedding;

public class EmbeddingSetTests
{
    [Fact]
    public void Without_metadata_rows_are_named_by_index_and_the_length_must_be_whole_rows()
    {
        var set = new EmbeddingSet([1, 2, 3, 4, 5, 6], 3);
        Assert.Equal(2, set.Count);
        Assert.Equal(["0", "1"], set.Metadata.Select(m => m.Id));
        Assert.Equal([4f, 5, 6], set.Row(1).ToArray());
        Assert.Contains("whole number of rows", Assert.Throws<ArgumentException>(() => new EmbeddingSet(new float[7], 3)).Message);
        Assert.Throws<ArgumentException>(() => new EmbeddingSet(new float[6], 3, [new SampleMetadata { Id = "only" }]));
    }

    [Fact]
    public void Evenly_spaced_keeps_every_row_of_a_small_set_and_spreads_a_large_one()
    {
        var set = new EmbeddingSet(Enumerable.Range(0, 10).Select(i => (float)i).ToArray(), 1);
        Assert.Same(set, set.EvenlySpaced(10));
        var four = set.EvenlySpaced(4);
        Assert.Equal(["0", "2", "5", "7"], four.Metadata.Select(m => m.Id));
        Assert.Equal([0f, 2, 5, 7], four.Features);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.EvenlySpaced(0));
    }

    [Fact]
    public void A_non_finite_embedding_is_named_by_its_sample_and_column()
    {
        var train = new EmbeddingSet([1, 0, 0, float.PositiveInfinity], 2, [new SampleMetadata { Id = "A01" }, new SampleMetadata { Id = "B07" }]);
        var e = Assert.Throws<ArgumentException>(() => new KnnClassifier(train, [0, 1], 2));
        Assert.Contains("sample B07", e.Message);
        Assert.Contains("column 1", e.Message);
        Assert.Equal("train", e.ParamName);
        using var knn = new KnnClassifier(new EmbeddingSet([1, 0, 0, 1], 2), [0, 1], 2);
        var q = Assert.Throws<ArgumentException>(() => knn.Predict(new EmbeddingSet([float.NaN, 0], 2, [new SampleMetadata { Id = "q1" }])));
        Assert.Contains("sample q1", q.Message);
        Assert.Equal("queries", q.ParamName);
    }
}
