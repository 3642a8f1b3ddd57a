using System.Reflection;
using System.Text.RegularExpressions;
using CellDino.Cli.Infrastructure;
using CellDino.TestSupport;

namespace CellDino.Cli.Tests;

/// <summary>docs/cli.md's exit-code table is <see cref="ExitCodes"/>, and every code is reached by a real scenario.</summary>
public sealed partial class CliExitCodeTests() : CliTestFolder("celldino-cli-codes-")
{
    private static Dictionary<string, int> Codes() => typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);

    [GeneratedRegex(@"^\| (\d+) \| `(\w+)` \| (.+) \|$", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [Fact]
    public void The_documented_exit_code_table_matches_ExitCodes()
    {
        var doc = File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "docs", "cli.md"));
        var rows = TableRow().Matches(doc).ToDictionary(m => m.Groups[2].Value, m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Codes().OrderBy(kv => kv.Value), rows.OrderBy(kv => kv.Value));
    }

    private static string[] Tiny(string output, params string[] extra) => ["pretrain", "--data", "16", "--layout", "synthetic-hpa", "--preset", "tiny",
        "--set", "optim.epochs=1", "--set", "train.official_epoch_length=6", "--set", "train.batch_size_per_gpu=8", .. extra, "--out", output];

    // The tool without its native libraries beside it and no NuGet cache to fall back on: libtorch cannot load.
    private (int Code, string Out, string Err) RunWithoutLibtorch()
    {
        var copy = Directory.CreateDirectory(P("no-libtorch")).FullName;
        foreach (var f in Directory.GetFiles(AppContext.BaseDirectory)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        using var run = CliProcess.Start(Path.Combine(copy, "celldino"), new Dictionary<string, string> { ["NUGET_PACKAGES"] = P("no-nuget"), ["HOME"] = P("no-home") },
            Tiny(P("r3")));
        var (code, _, err) = run.WaitForExit();
        return (code, "", err);
    }

    [Fact]
    public void Every_documented_exit_code_has_a_scenario_that_reaches_it()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        File.WriteAllText(P("file"), "not a folder");
        var scenarios = new (int Expected, Func<(int Code, string Out, string Err)> Run, string Says)[]
        {
            (ExitCodes.Ok, () => Run("info"), ""),
            (ExitCodes.InternalError, () =>
            {
                // A bug is the one thing no command line reaches on purpose: the guard every command runs under.
                var err = new StringWriter();
                int code = CliApp.Guard(new CliContext(TextWriter.Null, err, default), () => throw new NullReferenceException("bug"));
                return (code, "", err.ToString());
            }, "internal error (NullReferenceException): bug"),
            (ExitCodes.BadInput, () => Run("embed", "--checkpoint", P("none.pth"), "--data", "4", "--layout", "synthetic-hpa", "--out", P("o")), "none.pth"),
            (ExitCodes.RuntimeMissing, RunWithoutLibtorch, "TorchSharp's native library could not be loaded"),
            (ExitCodes.Diverged, () => Run(Tiny(P("r4"), "--set", "optim.base_lr=1e30", "--set", "optim.warmup_epochs=0")), "The training loss is not finite"),
            (ExitCodes.Collapsed, () => Run(Tiny(P("r5"), "--set", "teacher.teacher_temp=1.0", "--set", "teacher.warmup_teacher_temp=1.0",
                "--set", "train.collapse_patience=3", "--set", "train.stop_on_collapse=true")), "Training stopped (train.stop_on_collapse)"),
            (ExitCodes.InputOutput, () => Run(Tiny(P("file/run"))), $"cannot write {P("file/run")}"),
            (ExitCodes.Cancelled, () => Run(cancelled.Token, Tiny(P("r130"))), "cancelled"),
        };
        foreach (var (expected, run, says) in scenarios)
        {
            var (code, _, err) = run();
            Assert.True(code == expected, $"expected exit {expected}, got {code}: {err}");
            Assert.Contains(says, err);
            Assert.DoesNotContain("   at ", err);
            if (expected != ExitCodes.Ok)
                Assert.Single(err.Split('\n').Select(l => l.Trim()), l => l.StartsWith("celldino: ", StringComparison.Ordinal) && !l.StartsWith("celldino: warning", StringComparison.Ordinal));
        }
        Assert.Equal(Codes().Values.Order(), scenarios.Select(s => s.Expected).Order());
    }
}
