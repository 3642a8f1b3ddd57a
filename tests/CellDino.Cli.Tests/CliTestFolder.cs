namespace CellDino.Cli.Tests;

/// <summary>A temporary folder per test (deleted afterwards) and the tool run in process, as the CLI tests use them.</summary>
public abstract class CliTestFolder(string prefix) : IDisposable
{
    /// <summary>The test's folder.</summary>
    protected string Dir { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>A path inside <see cref="Dir"/>.</summary>
    protected string P(string name) => Path.Combine(Dir, name);

    /// <summary><c>celldino args</c> in this process: exit code, standard output, standard error.</summary>
    protected static (int Code, string Out, string Err) Run(params string[] args) => Run(default, args);

    /// <summary><c>celldino args</c> in this process with a cancellation token (Ctrl-C).</summary>
    protected static (int Code, string Out, string Err) Run(CancellationToken token, params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        int code = CliApp.Run(args, stdout, stderr, token);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Directory.Exists(Dir)) Directory.Delete(Dir, true);
        GC.SuppressFinalize(this);
    }
}
