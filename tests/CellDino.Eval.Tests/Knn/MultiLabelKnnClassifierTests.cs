using CellDino.Eval.Embedding;
using CellDino.Eval.Knn;

namespace CellDino.Eval.Tests.Knn;

public class MultiLabelKnnClassifierTests
{
    private static readonly EmbeddingSet Train = Embeddings.Of(new float[,] { { 1, 0 }, { 0.8f, 0.6f }, { 0, 1 } });
    private static readonly int[,] Labels = { { 1, 1, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };

    [Fact]
    public void With_k1_the_prediction_is_the_nearest_label_set()
    {
        using var knn = new MultiLabelKnnClassifier(Train, Labels);
        var p = knn.Predict(Embeddings.Of(new float[,] { { 1, 0.1f }, { 0.1f, 1 } }));
        Assert.Equal(new[,] { { 1, 1, 0 }, { 0, 0, 1 } }, p.Labels);
    }

    [Fact]
    public void Weights_are_summed_into_multi_hot_labels_and_thresholded()
    {
        using var knn = new MultiLabelKnnClassifier(Train, Labels);
        // Query at 0°: neighbours row 0 (sim 1) and row 1 (sim 0.8).
        var p = knn.Predict(Embeddings.Of(new float[,] { { 1, 0 } }), 2);
        double a = Math.Exp(1 / 0.07), b = Math.Exp(0.8 / 0.07);
        double w0 = a / (a + b);
        Assert.Equal(w0, p.Scores[0, 0], 5);
        Assert.Equal(1.0, p.Scores[0, 1], 5);
        Assert.Equal(0f, p.Scores[0, 2]);
        Assert.Equal(new[,] { { w0 > 0.5 ? 1 : 0, 1, 0 } }, p.Labels);
    }

    [Fact]
    public void Bad_labels_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new MultiLabelKnnClassifier(Train, new int[2, 3]));
        Assert.Throws<ArgumentException>(() => new MultiLabelKnnClassifier(Train, new int[,] { { 2, 0 }, { 0, 0 }, { 0, 0 } }));
    }
}
