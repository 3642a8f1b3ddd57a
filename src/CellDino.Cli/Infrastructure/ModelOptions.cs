using System.CommandLine;
using CellDino.Core;
using CellDino.Core.Models;
using CellDino.Eval.Embedding;

namespace CellDino.Cli.Infrastructure;

/// <summary>Options that pick a backbone checkpoint and how to embed with it.</summary>
internal sealed class ModelOptions
{
    public Option<string> Checkpoint { get; } = new("--checkpoint") { Description = "Backbone: CellDino's teacher_backbone.safetensors or checkpoint.safetensors, or a DINOv2/Cell-DINO .pth/.safetensors (then give --arch).", Required = true };
    public Option<string?> Arch { get; } = new("--arch") { Description = "Architecture of an official checkpoint: " + string.Join(", ", VitConfig.ArchNames) + "." };
    public Option<int> PatchSize { get; } = new("--patch-size") { Description = "Patch size of an official checkpoint.", DefaultValueFactory = _ => 16 };
    public Option<int> InChans { get; } = new("--in-chans") { Description = "Input channels of an official checkpoint (4 HPA, 5 Cell Painting).", DefaultValueFactory = _ => 4 };
    public Option<int> ImgSize { get; } = new("--img-size") { Description = "Position-embedding size of an official checkpoint (224 for ViT-L/16, 128 for the CP ViT-S/8).", DefaultValueFactory = _ => 224 };
    public Option<string> Features { get; } = new("--features") { Description = "cls (class token), cls-mean (class token + mean patch), linear (last 4 blocks' class tokens + mean patch).", DefaultValueFactory = _ => "cls" };
    public Option<int?> Crop { get; } = new("--crop") { Description = "Centre crop side (Cell-DINO evaluates fields of view at 384); default: the whole image." };
    public Option<int?> Resize { get; } = new("--resize") { Description = "Resize every image so its shorter side is this many pixels (torchvision Resize: bicubic, antialiased, aspect kept) before the crop; with --crop, fields of mixed sizes (2048 and 3072 px HPA fields) share batches." };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Images per forward pass.", DefaultValueFactory = _ => 64 };
    public Option<string> Device { get; } = DeviceOption.Create();

    public void AddTo(Command command)
    {
        Features.AcceptOnlyFromAmong([.. global::CellDino.Eval.Embedding.EmbedderOptions.KindNames.Names]);
        foreach (var o in new Option[] { Checkpoint, Arch, PatchSize, InChans, ImgSize, Features, Crop, Resize, BatchSize, Device }) command.Options.Add(o);
    }

    public VisionTransformer Load(ParseResult r)
    {
        TorchRuntime.EnsureLoaded();
        VitConfig? fallback = r.GetValue(Arch) is { } arch ? VitConfig.FromArch(arch, r.GetValue(PatchSize), r.GetValue(InChans), r.GetValue(ImgSize)) : null;
        return VitCheckpoint.Load(r.GetValue(Checkpoint)!, fallback);
    }

    public EmbedderOptions EmbedderOptions(ParseResult r) => new()
    {
        Kind = global::CellDino.Eval.Embedding.EmbedderOptions.KindNames.Parse(r.GetValue(Features)!),
        CenterCrop = r.GetValue(Crop),
        Resize = r.GetValue(Resize),
        BatchSize = r.GetValue(BatchSize),
        Device = Devices.Parse(r.GetValue(Device)),
    };
}
