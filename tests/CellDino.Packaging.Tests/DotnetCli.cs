using System.Diagnostics;
using System.Text;

namespace CellDino.Packaging.Tests;

/// <summary>Runs the <c>dotnet</c> CLI as a child process with build servers off, so no node outlives the test.</summary>
internal static class DotnetCli
{
    // Set by the dotnet host for the processes it starts; a nested CLI must pick its own MSBuild and SDK again.
    private static readonly string[] InheritedMsBuildVariables =
        ["MSBuildSDKsPath", "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly", "MSBUILDNOINPROCNODE"];

    /// <summary>The dotnet executable running this test, else <c>dotnet</c> on PATH.</summary>
    public static string Executable =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Runs <c>dotnet args</c> in <paramref name="workingDirectory"/>; fails the test with the output's tail when it does not exit 0.</summary>
    public static string Run(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var v in InheritedMsBuildVariables) start.Environment.Remove(v);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"dotnet {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:F0} s:\n{Tail(output)}");
        }
        process.WaitForExit(); // drains the redirected streams
        if (process.ExitCode != 0)
            Assert.Fail($"dotnet {string.Join(' ', args)} exited with {process.ExitCode} in {workingDirectory}:\n{Tail(output)}");
        lock (output) return output.ToString();
    }

    private static string Tail(StringBuilder output)
    {
        lock (output)
        {
            var text = output.ToString();
            return text.Length <= 6000 ? text : "..." + text[^6000..];
        }
    }
}
