using CellDino.Core.Losses;
using static TorchSharp.torch;

namespace CellDino.Core.Tests.Losses;

public class KoLeoLossTests
{
    [Fact]
    public void Matches_the_reference_per_crop_and_with_a_duplicated_row()
    {
        using var f = new LossFixture();
        using var scope = NewDisposeScope();
        using var koleo = new KoLeoLoss();
        var x = f.T["student_global_cls_backbone"];
        LossFixture.Scalar(f.Expected["koleo.crop0"], koleo.forward(x[..f.B]), "crop0");
        LossFixture.Scalar(f.Expected["koleo.crop1"], koleo.forward(x[f.B..]), "crop1");
        LossFixture.Scalar(f.Expected["koleo.dup"], koleo.forward(f.T["koleo.dup_input"]), "dup");
    }

    [Fact]
    public void Equals_the_hand_computed_value_for_three_unit_vectors()
    {
        using var scope = NewDisposeScope();
        using var koleo = new KoLeoLoss();
        // e1, e2 and (e1+e2)/√2 (given unnormalized): both e1 and e2 have the diagonal as nearest
        // neighbour at distance √(2−√2); the diagonal's nearest is e1 (first of a tie) at the same distance.
        var x = tensor(new float[] { 3, 0, 0, 2, 5, 5 }).reshape(3, 2);
        double d = Math.Sqrt(2 - Math.Sqrt(2));
        Assert.Equal(-Math.Log(d), koleo.forward(x).item<float>(), 4);
    }

    [Fact]
    public void Gradient_pushes_close_points_apart()
    {
        using var scope = NewDisposeScope();
        using var koleo = new KoLeoLoss();
        var x = tensor(new float[] { 1, 0, 1, 0.1f, -1, 0 }).reshape(3, 2).requires_grad_();
        koleo.forward(x).backward();
        // Rows 0 and 1 are neighbours: descending the loss moves row 1's angle up (its y grows).
        Assert.True(x.grad!.data<float>()[3] < 0);
    }

    [Fact]
    public void Rejects_fewer_than_two_rows()
    {
        using var koleo = new KoLeoLoss();
        Assert.Throws<ArgumentException>(() => koleo.forward(zeros(1, 4)));
    }
}
