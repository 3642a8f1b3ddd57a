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
    public IReadOnlyDictionary<string, double> LoggedValues() =>
        LoggedTerms().ToDictionary(t => t.Name, t => t.Value.item<float>() * t.Scale, StringComparer.Ordinal);

    /// <summary>
    /// The terms behind <see cref="LoggedValues"/> as (name, scalar tensor, scale) before any host transfer, so that a
    /// caller can move them to the host in one copy together with other scalars.
    /// </summary>
    public IReadOnlyList<(string Name, Tensor Value, double Scale)> LoggedTerms()
    {
        var terms = new List<(string, Tensor, double)>();
        if (DinoLocalCrops is not null) terms.Add(("dino_local_crops_loss", DinoLocalCrops, 1));
        if (DinoGlobalCrops is not null) terms.Add(("dino_global_crops_loss", DinoGlobalCrops, 1));
        if (KoleoTerm is not null) terms.Add(("koleo_loss", KoleoTerm, 0.5));
        if (IbotTerm is not null) terms.Add(("ibot_loss", IbotTerm, 0.5));
        terms.Add(("total_loss", Total, 1));
        return terms;
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
