using CellDino.Core.Training;
using CellDino.Cli.Demo;
using CellDino.Eval.Protocols;
using Xunit;

namespace CellDino.Cli.Tests.Demo;

public sealed class LearningVerdictTests
{
    private static readonly double LnK = Math.Log(1024);

    private static List<TrainingProgress> Steps(int n, Func<int, double> entropy, Func<int, double> dino, bool collapsedAtEnd = false) =>
        Enumerable.Range(0, n).Select(i => new TrainingProgress
        {
            Iteration = i,
            Terms = new Dictionary<string, double> { ["dino_local_crops_loss"] = 0.8 * dino(i), ["dino_global_crops_loss"] = 0.2 * dino(i) },
            Health = new TrainingHealth { TeacherEntropy = entropy(i), LogPrototypes = LnK, BatchMeanTeacherEntropy = 4, EmbedDim = 64, TeacherClsStd = 0.1 },
            ActiveCollapses = collapsedAtEnd && i == n - 1 ? [CollapseKind.Uniform] : [],
        }).ToList();

    private static List<ProtocolScore> Scores(double trained, double random) =>
    [
        new(EvaluationTask.LocalizationName, DemoRunner.CellDino, ClassifierSpec.Knn(1), trained, 0, 0),
        new(EvaluationTask.LocalizationName, DemoRunner.RandomInit, ClassifierSpec.Knn(1), random, 0, 0),
        new(EvaluationTask.LocalizationName, DemoRunner.CellDino, ClassifierSpec.LinearProbe, trained, 0, 0),
        new(EvaluationTask.LocalizationName, DemoRunner.RandomInit, ClassifierSpec.LinearProbe, random, 0, 0),
    ];

    [Fact]
    public void AHealthyRunThatBeatsRandomInitLearned()
    {
        var v = LearningVerdict.Judge(Steps(100, i => 6.9 - i * 0.04, i => 6.9 - i * 0.03), Scores(0.5, 0.3), DemoRunner.CellDino, DemoRunner.RandomInit);
        Assert.True(v.Learned, v.Sentence);
        Assert.Empty(v.Reasons);
        Assert.StartsWith("Cell-DINO learned", v.Sentence);
    }

    [Fact]
    public void TargetsPinnedAtLnKDidNotLearnEvenWhenTheScoresLookBetter()
    {
        // The default-configuration failure: uniform collapse, DINO loss flat at ln K, yet iBOT and KoLeo moved the scores.
        var v = LearningVerdict.Judge(Steps(100, _ => 0.999 * LnK, _ => LnK, collapsedAtEnd: true), Scores(0.38, 0.31), DemoRunner.CellDino, DemoRunner.RandomInit);
        Assert.False(v.Learned);
        Assert.Contains(v.Reasons, r => r.Contains("not far below ln K"));
        Assert.Contains(v.Reasons, r => r.Contains("uniform collapse"));
        Assert.Contains(v.Reasons, r => r.Contains("DINO loss did not fall"));
        Assert.StartsWith("Cell-DINO did not learn", v.Sentence);
    }

    [Fact]
    public void AHealthyLookingRunThatLosesToRandomInitDidNotLearn()
    {
        var v = LearningVerdict.Judge(Steps(100, i => 6.9 - i * 0.04, i => 6.9 - i * 0.03), Scores(0.2, 0.3), DemoRunner.CellDino, DemoRunner.RandomInit);
        Assert.False(v.Learned);
        Assert.Contains(v.Reasons, r => r.Contains("random-init ViT"));
    }

    [Fact]
    public void ALearnedRunSaysOnWhichOtherTaskItHasNotYetPassedTheRandomNetwork()
    {
        var scores = Scores(0.5, 0.3).Concat(
        [
            new(EvaluationTask.CellLineName, DemoRunner.CellDino, ClassifierSpec.Knn(1), 0.55, 0, 0),
            new(EvaluationTask.CellLineName, DemoRunner.RandomInit, ClassifierSpec.Knn(1), 0.60, 0, 0),
            new(EvaluationTask.CellLineName, DemoRunner.CellDino, ClassifierSpec.LinearProbe, 0.70, 0, 0),
            new(EvaluationTask.CellLineName, DemoRunner.RandomInit, ClassifierSpec.LinearProbe, 0.66, 0, 0),
        ]).ToList();
        var v = LearningVerdict.Judge(Steps(100, i => 6.9 - i * 0.04, i => 6.9 - i * 0.03), scores, DemoRunner.CellDino, DemoRunner.RandomInit);
        Assert.True(v.Learned, v.Sentence);
        Assert.Equal(["on cell line its embeddings beat the random-init ViT with only 1 of 2 classifiers"], v.Caveats);
        Assert.Contains("Not yet everywhere", v.Sentence);
        // Beating it with both classifiers leaves no caveat.
        scores[4] = scores[4] with { MacroF1 = 0.65 };
        Assert.Empty(LearningVerdict.Judge(Steps(100, i => 6.9 - i * 0.04, i => 6.9 - i * 0.03), scores, DemoRunner.CellDino, DemoRunner.RandomInit).Caveats);
    }
}
