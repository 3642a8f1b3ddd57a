using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using CellDino.TestSupport;

namespace CellDino.Packaging.Tests;

/// <summary>
/// Proves the "used-by" path: the three libraries pack into NuGet packages that a new console application installs with
/// <c>dotnet add package</c> and runs to embed an image.
/// </summary>
public sealed class PackAndConsumeTests : IDisposable
{
    private static readonly string[] Libraries = ["CellDino.Core", "CellDino.Data", "CellDino.Eval"];
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(8);

    private readonly string _dir = Directory.CreateTempSubdirectory("celldino-pack-").FullName;

    // A version no earlier run used, so the global packages folder never serves a stale CellDino build.
    private readonly string _version = $"0.0.0-pack{DateTime.UtcNow:yyyyMMddHHmmss}x{Guid.NewGuid().ToString("N")[..8]}";
    private string? _globalPackages;

    public void Dispose()
    {
        // Remove what the consumer's restore extracted, so repeated runs leave nothing behind.
        if (_globalPackages is not null)
        {
            foreach (var id in Libraries)
            {
                var idDir = Path.Combine(_globalPackages, id.ToLowerInvariant());
                var versionDir = Path.Combine(idDir, _version.ToLowerInvariant());
                if (Directory.Exists(versionDir)) Directory.Delete(versionDir, recursive: true);
                if (Directory.Exists(idDir) && !Directory.EnumerateFileSystemEntries(idDir).Any()) Directory.Delete(idDir);
            }
        }
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Packed_libraries_install_into_a_new_console_app_that_embeds_an_image()
    {
        var feed = Path.Combine(_dir, "feed");
        PackLibraries(feed);
        foreach (var id in Libraries) CheckPackage(feed, id);

        _globalPackages = GlobalPackagesFolder();
        var app = Path.Combine(_dir, "consumer");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), ConsumerApp.Project);
        File.WriteAllText(Path.Combine(app, "Program.cs"), ConsumerApp.Program);
        File.WriteAllText(Path.Combine(app, "nuget.config"), ConsumerApp.NuGetConfig(feed, _globalPackages));
        foreach (var id in Libraries)
            DotnetCli.Run(app, StepTimeout, "add", "Consumer.csproj", "package", id, "--version", _version);

        var csproj = XDocument.Load(Path.Combine(app, "Consumer.csproj"));
        var added = csproj.Descendants("PackageReference").ToDictionary(e => (string)e.Attribute("Include")!, e => (string?)e.Attribute("Version"));
        foreach (var id in Libraries) Assert.Equal(_version, added[id]);

        var output = DotnetCli.Run(app, StepTimeout, "run", "-c", "Release", "--disable-build-servers");
        Assert.Contains("channels: microtubules,protein,nucleus,er", output);
        Assert.Contains("embedding shape: 2 x 64", output);
        Assert.Contains("finite: True", output);
        Assert.Contains("distinct: True", output);
    }

    // One pack call through a solution filter builds Core once; --artifacts-path keeps its bin/obj away from the
    // repository's own build, which other test assemblies may be using at the same time.
    private void PackLibraries(string feed)
    {
        var root = Fixtures.RepoRoot;
        var filter = Path.Combine(_dir, "libraries.slnf");
        File.WriteAllText(filter, JsonSerializer.Serialize(new
        {
            solution = new
            {
                path = Path.Combine(root, "CellDino.sln"),
                projects = Libraries.Select(id => Path.Combine("src", id, id + ".csproj")).ToArray(),
            },
        }));
        DotnetCli.Run(root, StepTimeout, "pack", filter, "-c", "Release", "-o", feed,
            "--artifacts-path", Path.Combine(_dir, "artifacts"), $"-p:Version={_version}", "--disable-build-servers", "-nologo");
    }

    private void CheckPackage(string feed, string id)
    {
        var nupkg = Path.Combine(feed, $"{id}.{_version}.nupkg");
        Assert.True(File.Exists(nupkg), $"{nupkg} was not produced.");
        Assert.True(File.Exists(Path.ChangeExtension(nupkg, ".snupkg")), $"The symbols package of {id} was not produced.");
        using var zip = ZipFile.OpenRead(nupkg);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("README.md", entries);
        // The readme nuget.org shows: written for package users, with no repository-relative links or build steps.
        using (var readme = new StreamReader(zip.GetEntry("README.md")!.Open()))
        {
            var text = readme.ReadToEnd();
            Assert.Contains("dotnet add package", text);
            Assert.DoesNotContain("./build.sh", text);
            Assert.DoesNotMatch(@"\]\((?!https?://)[^)]+\)", text);
        }
        Assert.Contains($"lib/net10.0/{id}.dll", entries);
        Assert.Contains($"lib/net10.0/{id}.xml", entries);
        using var nuspecStream = zip.GetEntry($"{id}.nuspec")!.Open();
        var nuspec = XDocument.Load(nuspecStream);
        string Meta(string name) => nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value ?? "";
        Assert.Equal(id, Meta("id"));
        Assert.Equal(_version, Meta("version"));
        Assert.Equal("Apache-2.0", Meta("license"));
        Assert.Equal("README.md", Meta("readme"));
        Assert.StartsWith("https://", Meta("projectUrl"));
        Assert.Contains("cell-dino", Meta("tags"));
        Assert.False(string.IsNullOrWhiteSpace(Meta("description")), $"{id} has no description.");
        var deps = nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).ToList();
        Assert.Contains("TorchSharp", deps);
        // Libraries leave the choice of native backend (CPU, CUDA) to the application.
        Assert.DoesNotContain(deps, d => d.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase) || d.StartsWith("TorchSharp-", StringComparison.OrdinalIgnoreCase));
    }

    private static string GlobalPackagesFolder()
    {
        var text = DotnetCli.Run(Path.GetTempPath(), TimeSpan.FromMinutes(2), "nuget", "locals", "global-packages", "--list");
        var line = text.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("global-packages:", StringComparison.Ordinal));
        return line["global-packages:".Length..].Trim().TrimEnd('/');
    }
}
