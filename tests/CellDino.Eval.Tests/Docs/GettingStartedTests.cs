// snippet:usings
using CellDino.Core.Checkpoints;
using CellDino.Core.Models;
using CellDino.Data.Synthetic;
using CellDino.Eval.Embedding;
using CellDino.Eval.Knn;
using CellDino.Eval.Metrics;
using TorchSharp;
// end-snippet
using CellDino.TestSupport;
using static TorchSharp.torch;

namespace CellDino.Eval.Tests.Docs;

/// <summary>
/// Runs every C# snippet of docs/getting-started.md. The code between a <c>// snippet:NAME</c> and the next
/// <c>// end-snippet</c> line is what the document shows under <c>&lt;!-- snippet:NAME --&gt;</c>;
/// <see cref="Document_snippets_equal_the_tested_code"/> fails when the two drift apart.
/// </summary>
public class GettingStartedTests
{
    [Fact]
    public void Embed_a_tensor()
    {
        // snippet:embed-tensor
        using var vit = new VisionTransformer(VitConfig.Tiny(patchSize: 8, inChannels: 4), seed: 0);
        vit.eval();
        using var noGrad = torch.no_grad();
        using var images = torch.randn(2, 4, 32, 32);        // normalized images [B, C, H, W]
        using var embedding = vit.forward(images);           // [2, 64]: class token after the final LayerNorm
        using var features = vit.ForwardFeatures(images);    // class, register and patch tokens
        Console.WriteLine($"embedding {string.Join("x", embedding.shape)}, patches {string.Join("x", features.PatchTokens.shape)}");
        // end-snippet

        Assert.Equal(new long[] { 2, 64 }, embedding.shape);
        Assert.Equal(new long[] { 2, 16, 64 }, features.PatchTokens.shape);   // (32/8)² patches
        TensorAssert.Close(features.ClsToken, embedding, atol: 0, rtol: 0, what: "forward = ForwardFeatures(..).ClsToken");
    }

    [Fact]
    public void Load_a_checkpoint()
    {
        // snippet:load-checkpoint
        string path = Path.Combine(Path.GetTempPath(), $"vit-{Guid.NewGuid():N}.safetensors");
        using (var original = new VisionTransformer(VitConfig.Tiny(), seed: 1))
            original.SaveSafeTensors(path);   // DINOv2 key names: cls_token, pos_embed, blocks.0.attn.qkv.weight, ...

        // An official .pth or .safetensors backbone does not say its architecture: pass it.
        using var loaded = VitCheckpoint.Load(path, fallbackConfig: VitConfig.Tiny());

        // Or load into a model you built, and see what matched.
        using var vit = new VisionTransformer(VitConfig.Tiny());
        LoadReport report = vit.LoadCheckpoint(path, CheckpointLoadOptions.Backbone, strict: true);
        Console.WriteLine(report.IsClean ? "every key matched" : report.Describe());
        // end-snippet

        try
        {
            Assert.True(report.IsClean, report.Describe());
            using var reference = new VisionTransformer(VitConfig.Tiny(), seed: 1);
            using var fresh = new VisionTransformer(VitConfig.Tiny(), seed: 2);
            foreach (var m in new[] { reference, fresh, loaded, vit }) m.eval();
            using var noGrad = no_grad();
            using var x = randn(3, 4, 32, 32, generator: new Generator(5));
            using var expected = reference.forward(x);
            TensorAssert.Close(expected, loaded.forward(x), atol: 0, rtol: 0, what: "VitCheckpoint.Load");
            TensorAssert.Close(expected, vit.forward(x), atol: 0, rtol: 0, what: "LoadCheckpoint");
            // The comparison can fail: a differently seeded model gives other outputs.
            Assert.True(TensorAssert.MaxAbsDiff(expected, fresh.forward(x)) > 1e-3);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Embed_a_synthetic_dataset()
    {
        // snippet:embed-dataset
        var dataset = new SyntheticDataset(new SyntheticConfig { Kind = SyntheticKind.HpaFieldOfView, Height = 32, Width = 32, Seed = 7 }, count: 24);
        // LayerScale 1.0 as the released models are built: at the training init (1e-5) an untrained ViT barely responds to its input.
        using var model = new VisionTransformer(VitConfig.Tiny(patchSize: 8, inChannels: 4) with { LayerScaleInit = 1.0 }, seed: 0);
        var embedder = new Embedder(model, new EmbedderOptions { Kind = EmbeddingKind.ClsToken, BatchSize = 8, Device = torch.CPU });
        EmbeddingSet set = embedder.EmbedDataset(dataset);   // pixels / max, per-image per-channel standardization, CLS token
        Console.WriteLine($"{set.Count} embeddings of width {set.Dim}; sample 0 has classes {string.Join(", ", set.Metadata[0].Labels)}");
        // end-snippet

        Assert.Equal(24, set.Count);
        Assert.Equal(64, set.Dim);
        Assert.Equal(dataset.GetMetadata(5).Id, set.Metadata[5].Id);
        // Independent reference for row 5: Cell-DINO's eval transform written out, then the class token.
        var image = dataset.Get(5).Image;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = tensor(image.Pixels, [1, image.Channels, image.Height, image.Width]) / image.SourceMax;
        var mean = x.mean([2, 3], keepdim: true);
        var std = x.std([2, 3], unbiased: false, keepdim: true);
        var expected = model.forward((x - mean) / (std + 1e-7));
        TensorAssert.Close(expected, tensor(set.Row(5).ToArray(), [1, 64]), atol: 1e-4, rtol: 1e-4, what: "EmbedDataset row 5");
    }

    [Fact]
    public void Knn_on_embeddings()
    {
        var dataset = new SyntheticDataset(new SyntheticConfig { Kind = SyntheticKind.HpaFieldOfView, Height = 32, Width = 32, Seed = 7 }, count: 24);
        // LayerScale 1.0 as the released models are built: at the training init (1e-5) an untrained ViT barely responds to its input.
        using var model = new VisionTransformer(VitConfig.Tiny(patchSize: 8, inChannels: 4) with { LayerScaleInit = 1.0 }, seed: 0);
        var set = new Embedder(model, new EmbedderOptions { BatchSize = 8, Device = CPU }).EmbedDataset(dataset);

        // snippet:knn
        // Hold out every third sample; label each by its first localization class; k = 1 as in Cell-DINO.
        var trainSet = set.Subset(Enumerable.Range(0, set.Count).Where(i => i % 3 != 0).ToArray());
        var testSet = set.Subset(Enumerable.Range(0, set.Count).Where(i => i % 3 == 0).ToArray());
        int[] FirstLabel(EmbeddingSet s) => s.Metadata.Select(m => m.Labels[0]).ToArray();

        using var knn = new KnnClassifier(trainSet, FirstLabel(trainSet), dataset.ClassNames.Count, new KnnOptions(Temperature: 0.07));
        KnnPrediction prediction = knn.Predict(testSet, k: 1);
        double f1 = ClassificationMetrics.F1(FirstLabel(testSet), prediction.Predictions, MetricAverage.Macro);
        Console.WriteLine($"kNN macro F1: {100 * f1:F1}");
        // end-snippet

        // Independent reference: with k = 1 the prediction is the label of the most cosine-similar train row
        // (any row within float rounding of the best one).
        var trainLabels = FirstLabel(trainSet);
        for (int q = 0; q < testSet.Count; q++)
        {
            var sims = Enumerable.Range(0, trainSet.Count).Select(t => Cosine(testSet.Row(q), trainSet.Row(t))).ToArray();
            double best = sims.Max();
            var admissible = Enumerable.Range(0, trainSet.Count).Where(t => sims[t] >= best - 1e-6).Select(t => trainLabels[t]).ToHashSet();
            Assert.Contains(prediction.Predictions[q], admissible);
        }
        Assert.InRange(f1, 0.0, 1.0);
    }

    [Fact]
    public void Document_snippets_equal_the_tested_code() =>
        SnippetText.AssertDocumentShowsTestedCode("docs/getting-started.md", Path.Combine("tests", "CellDino.Eval.Tests", "Docs", "GettingStartedTests.cs"));

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) { dot += a[i] * (double)b[i]; na += a[i] * (double)a[i]; nb += b[i] * (double)b[i]; }
        return dot / Math.Sqrt(na * nb);
    }
}
