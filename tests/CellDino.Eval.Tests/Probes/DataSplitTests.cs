using CellDino.Eval.Probes;

namespace CellDino.Eval.Tests.Probes;

public class DataSplitTests
{
    private static IReadOnlyList<int>[] Classes(params int[] sizes) =>
        sizes.SelectMany((n, c) => Enumerable.Repeat((IReadOnlyList<int>)new[] { c }, n)).ToArray();

    private static void AssertPartition(SplitIndices s, int n)
    {
        var all = s.Train.Concat(s.Validation).Concat(s.Test).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, n), all);
        Assert.Equal(s.Train.Order(), s.Train);
    }

    [Fact]
    public void StratifiedSplitKeepsClassProportions()
    {
        var labels = Classes(100, 40, 10, 1);
        var s = DataSplit.Stratified(labels, 0.2, 0.1, seed: 3);
        AssertPartition(s, labels.Length);
        int[] Count(int[] rows) => Enumerable.Range(0, 4).Select(c => rows.Count(i => labels[i][0] == c)).ToArray();
        Assert.Equal(new[] { 70, 28, 7, 1 }, Count(s.Train));
        Assert.Equal(new[] { 20, 8, 2, 0 }, Count(s.Validation));
        Assert.Equal(new[] { 10, 4, 1, 0 }, Count(s.Test));
        Assert.Equal(s.Test, DataSplit.Stratified(labels, 0.2, 0.1, seed: 3).Test);
        Assert.NotEqual(s.Test, DataSplit.Stratified(labels, 0.2, 0.1, seed: 4).Test);
    }

    [Fact]
    public void MultiLabelRowsAreStratifiedByTheirRarestLabel()
    {
        // 20 rows carry the rare label 1 together with the common label 0: they spread like a class of 20.
        var labels = Enumerable.Range(0, 100).Select(i => (IReadOnlyList<int>)(i < 20 ? new[] { 0, 1 } : new[] { 0 })).ToArray();
        var s = DataSplit.Stratified(labels, 0.25, 0.25, seed: 1);
        Assert.Equal(5, s.Test.Count(i => labels[i].Contains(1)));
        Assert.Equal(5, s.Validation.Count(i => labels[i].Contains(1)));
        AssertPartition(s, 100);
    }

    [Fact]
    public void GroupSplitNeverPutsAGroupInTwoParts()
    {
        var rng = new Random(0);
        var groups = Enumerable.Range(0, 300).Select(_ => $"compound-{rng.Next(40)}").ToArray();
        var labels = groups.Select(g => (IReadOnlyList<int>)new[] { int.Parse(g[9..]) % 3 }).ToArray();
        foreach (var s in new[] { DataSplit.ByGroup(groups, 0.2, 0.2, seed: 5), DataSplit.ByGroup(groups, 0.2, 0.2, seed: 5, labels) })
        {
            AssertPartition(s, groups.Length);
            var parts = new[] { s.Train, s.Validation, s.Test }.Select(p => p.Select(i => groups[i]).ToHashSet()).ToArray();
            Assert.Empty(parts[0].Intersect(parts[1]));
            Assert.Empty(parts[0].Intersect(parts[2]));
            Assert.Empty(parts[1].Intersect(parts[2]));
            Assert.NotEmpty(parts[1]);
            Assert.NotEmpty(parts[2]);
            Assert.Equal(groups.Distinct().Count(), parts.Sum(p => p.Count));
        }
        // Row order does not matter, only the seed: the same groups land in test after shuffling the rows.
        var perm = Enumerable.Range(0, groups.Length).OrderBy(_ => rng.Next()).ToArray();
        var shuffled = perm.Select(i => groups[i]).ToArray();
        var a = DataSplit.ByGroup(groups, 0.2, 0.2, seed: 5).Test.Select(i => groups[i]).ToHashSet();
        var b = DataSplit.ByGroup(shuffled, 0.2, 0.2, seed: 5).Test.Select(i => shuffled[i]).ToHashSet();
        Assert.Equal(a, b);
    }

    [Fact]
    public void LabelledGroupSplitStratifiesGroupsByTheirLabel()
    {
        // 30 groups of 3 rows; groups 0–19 are class 0, groups 20–29 class 1.
        var groups = Enumerable.Range(0, 90).Select(i => $"g{i / 3:D2}").ToArray();
        var labels = Enumerable.Range(0, 90).Select(i => (IReadOnlyList<int>)new[] { i / 3 < 20 ? 0 : 1 }).ToArray();
        var s = DataSplit.ByGroup(groups, 0.0, 0.3, seed: 2, labels);
        Assert.Equal(6 * 3, s.Test.Count(i => labels[i][0] == 0));   // round(0.3 · 20) groups
        Assert.Equal(3 * 3, s.Test.Count(i => labels[i][0] == 1));   // round(0.3 · 10) groups
        Assert.Empty(s.Validation);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Assert.Contains("fractions", Assert.Throws<ArgumentException>(() => DataSplit.Stratified(Classes(5), 0.6, 0.5, 0)).Message);
        Assert.Throws<ArgumentException>(() => DataSplit.Stratified(Classes(5), -0.1, 0.1, 0));
        Assert.Contains("3 group keys but 2 label rows",
            Assert.Throws<ArgumentException>(() => DataSplit.ByGroup(new[] { "a", "b", "c" }, 0.2, 0.2, 0, Classes(2))).Message);
    }
}
