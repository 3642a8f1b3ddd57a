using static TorchSharp.torch;

namespace CellDino.Core.Losses;

/// <summary>
/// The loss terms of one step as DINOv2's <c>forward_backward</c> forms them (scalar tensors; absent terms
/// are null). <see cref="Total"/> is what is back-propagated.
/// </summary>
/// <param name="DinoLocalCrops">DINO loss over local crops / number of crop pairs.</param>
/// <param name="DinoGlobalCrops">DINO loss over the two global crops · 2 / number of crop pairs.</param>
/// <param name="KoleoTerm">KoLeo weight · (KoLeo(crop A) + KoLeo(crop B)).</param>
/// <param name="IbotTerm">iBOT masked loss · 2 · (1/2).</param>
/// <param name="Total">Weighted sum of the terms.</param>
public sealed record SslLossTerms(Tensor? DinoLocalCrops, Tensor? DinoGlobalCrops, Tensor? KoleoTerm, Tensor? IbotTerm, Tensor Total) : IDisposable
{
    /// <summary>
    /// The values DINOv2 logs in <c>loss_dict</c>: <c>dino_local_crops_loss</c>, <c>dino_global_crops_loss</c>,
    /// <c>koleo_loss</c> (= KoLeo term / 2) and <c>ibot_loss</c> (= iBOT term / 2), for the terms present.
    /// </summary>
    public IReadOnlyDictionary<string, double> LoggedValues()
    {
        var d = new Dictionary<string, double>(StringComparer.Ordinal);
        if (DinoLocalCrops is not null) d["dino_local_crops_loss"] = DinoLocalCrops.item<float>();
        if (DinoGlobalCrops is not null) d["dino_global_crops_loss"] = DinoGlobalCrops.item<float>();
        if (KoleoTerm is not null) d["koleo_loss"] = KoleoTerm.item<float>() / 2;
        if (IbotTerm is not null) d["ibot_loss"] = IbotTerm.item<float>() / 2;
        d["total_loss"] = Total.item<float>();
        return d;
    }

    /// <summary>Disposes every tensor.</summary>
    public void Dispose()
    {
        DinoLocalCrops?.Dispose();
        DinoGlobalCrops?.Dispose();
        KoleoTerm?.Dispose();
        IbotTerm?.Dispose();
        Total.Dispose();
    }
}
