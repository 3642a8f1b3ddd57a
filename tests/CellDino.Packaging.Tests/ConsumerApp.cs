namespace CellDino.Packaging.Tests;

/// <summary>The files of a fresh console application that uses the packed CellDino libraries, as an application developer writes them.</summary>
internal static class ConsumerApp
{
    /// <summary>Targets net10.0 with the CPU backend only; CellDino packages are added afterwards with <c>dotnet add package</c>.</summary>
    public const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="libtorch-cpu-linux-x64" Version="2.10.0" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>Builds a tiny ViT, embeds two synthetic fields of view and prints what the test checks.</summary>
    public const string Program = """
        using CellDino.Core.Models;
        using CellDino.Data.Synthetic;
        using CellDino.Eval.Embedding;
        using TorchSharp;

        var vit = new VisionTransformer(VitConfig.Tiny(), seed: 1);
        var images = new SyntheticDataset(new SyntheticConfig { Height = 32, Width = 32, Seed = 4 }, 2);
        var embedder = new Embedder(vit, new EmbedderOptions { Device = torch.CPU, BatchSize = 2 });
        var set = embedder.EmbedDataset(images);
        Console.WriteLine($"channels: {string.Join(",", images.ChannelNames)}");
        Console.WriteLine($"embedding shape: {set.Count} x {set.Dim}");
        Console.WriteLine($"finite: {set.Features.All(float.IsFinite)}");
        Console.WriteLine($"distinct: {!set.Row(0).SequenceEqual(set.Row(1))}");
        """;

    /// <summary>
    /// Package sources: the folder the test packed into and the machine's global packages folder (laid out as a local
    /// feed), nothing remote, so restore works offline once the repository itself has been restored.
    /// </summary>
    public static string NuGetConfig(string feed, string globalPackages) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="celldino-packed" value="{feed}" />
            <add key="global-packages" value="{globalPackages}" />
          </packageSources>
        </configuration>
        """;
}
