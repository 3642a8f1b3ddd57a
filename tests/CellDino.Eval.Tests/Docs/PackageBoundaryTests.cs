using System.Reflection;
using System.Runtime.CompilerServices;

namespace CellDino.Eval.Tests.Docs;

/// <summary>The shipped packages version separately, so none may reach into another's internals (that breaks at run time, not compile time).</summary>
public class PackageBoundaryTests
{
    [Fact]
    public void Shipped_assemblies_grant_internals_only_to_tests_and_benchmarks()
    {
        Assembly[] shipped = [typeof(Core.NoGcRegion).Assembly, typeof(Data.Samples.Sample).Assembly, typeof(Eval.Protocols.EvaluationTask).Assembly];
        foreach (var assembly in shipped)
            foreach (var grant in assembly.GetCustomAttributes<InternalsVisibleToAttribute>())
                Assert.True(grant.AssemblyName.EndsWith(".Tests", StringComparison.Ordinal) || grant.AssemblyName == "CellDino.Benchmarks",
                    $"{assembly.GetName().Name} grants InternalsVisibleTo {grant.AssemblyName}");
    }
}
