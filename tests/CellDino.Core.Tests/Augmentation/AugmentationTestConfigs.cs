using CellDino.Core.Augmentation;

namespace CellDino.Core.Tests.Augmentation;

internal static class AugmentationTestConfigs
{
    /// <summary>Every random step off: each crop is the bilinear resize of the whole (square) image.</summary>
    public static MultiCropConfig Plain(int globalSize, int localSize, int localCrops = 8) => new()
    {
        GlobalCropsSize = globalSize,
        LocalCropsSize = localSize,
        LocalCropsNumber = localCrops,
        GlobalCropsScale = (1.0, 1.0),
        LocalCropsScale = (1.0, 1.0),
        CropAspectRatio = (1.0, 1.0),
        InputDivisor = 1.0,
        ChannelDropProbability = 0,
        ProteinRescaleProbability = 0,
        HorizontalFlipProbability = 0,
        VerticalFlipProbability = 0,
        BrightnessStd = 0,
        ContrastStd = 0,
        Standardize = false,
    };
}
