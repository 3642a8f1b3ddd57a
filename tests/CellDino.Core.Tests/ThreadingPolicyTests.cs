using Xunit;

namespace CellDino.Core.Tests;

public class ThreadingPolicyTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 1, 1)]   // the CI machine: one core each, never 2 + 2 threads on 2 cores
    [InlineData(3, 2, 1)]
    [InlineData(4, 3, 1)]
    [InlineData(16, 12, 4)]
    public void Cores_are_split_without_oversubscription(int cores, int torch, int workers)
    {
        Assert.Equal((torch, workers), ThreadingPolicy.Split(cores));
        Assert.True(torch + workers <= Math.Max(2, cores));
    }

    [Fact]
    public void Environment_overrides_are_checked_and_apply_sets_libtorch()
    {
        Assert.Equal(3, ThreadingPolicy.ParseThreads(ThreadingPolicy.TorchThreadsVariable, " 3 "));
        Assert.Null(ThreadingPolicy.ParseThreads(ThreadingPolicy.WorkersVariable, ""));
        var ex = Assert.Throws<ArgumentException>(() => ThreadingPolicy.ParseThreads(ThreadingPolicy.WorkersVariable, "0"));
        Assert.Contains(ThreadingPolicy.WorkersVariable, ex.Message);
        int previous = ThreadingPolicy.Apply(1);
        try
        {
            Assert.Equal(1, TorchSharp.torch.get_num_threads());
        }
        finally
        {
            ThreadingPolicy.Apply(previous);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => ThreadingPolicy.Apply(0));
    }
}
