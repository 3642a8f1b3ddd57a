using CellDino.Data.Samples;
using CellDino.Eval.Embedding;
using CellDino.Eval.Protocols;
using Xunit;
using static CellDino.Eval.Tests.Protocols.ProtocolTestData;

namespace CellDino.Eval.Tests.Protocols;

public class MoaProtocolTests
{
    /// <summary>
    /// 2 plates × 24 wells × 2 sites × 4 cells; DMSO controls plus 12 compounds in 4 MoAs. A cell's embedding is its MoA's
    /// signature + a plate batch offset + noise; sphering on DMSO removes the plate offset.
    /// </summary>
    private static EmbeddingSet Cells(int seed, bool signal = true, int controlWellsPerPlate = 6)
    {
        var rng = new Random(seed);
        int dim = 12;
        var moas = new[] { "tubulin", "dna damage", "kinase", "hdac" };
        var signature = moas.Select(_ => Enumerable.Range(0, dim).Select(_ => Normal(rng) * 1.5).ToArray()).ToArray();
        var features = new List<float>();
        var meta = new List<SampleMetadata>();
        for (int plate = 0; plate < 2; plate++)
        {
            var offset = Enumerable.Range(0, dim).Select(_ => Normal(rng) * 2).ToArray();
            for (int well = 0; well < 24; well++)
            {
                bool control = well < controlWellsPerPlate;
                int compound = (well - controlWellsPerPlate) % 12, moa = compound % 4;
                for (int site = 0; site < 2; site++)
                    for (int cell = 0; cell < 4; cell++)
                    {
                        for (int j = 0; j < dim; j++)
                            features.Add((float)(offset[j] + (control || !signal ? 0 : signature[moa][j]) + Normal(rng) * 0.7));
                        meta.Add(new SampleMetadata
                        {
                            Id = $"p{plate}w{well}s{site}c{cell}", Plate = $"P{plate}", Well = $"W{well:D2}", Site = site,
                            Treatment = control ? "DMSO" : $"cmpd{compound}", MechanismOfAction = control ? null : moas[moa], IsControl = control,
                        });
                    }
            }
        }
        return new EmbeddingSet(features.ToArray(), dim, meta);
    }

    [Fact]
    public void MoaSignalBeatsTheShuffledBaseline()
    {
        var result = MoaProtocol.Run(Cells(1), new MoaOptions { Seed = 3 });
        Assert.Equal(48, result.Wells.Count);
        Assert.Equal(4, result.MoaNames.Count);
        Assert.NotEmpty(result.TestCompounds);
        Assert.Empty(result.TestCompounds.Intersect(result.TrainCompounds)); // compound-level split
        Assert.True(result.MicroAuprc > 0.8, $"AUPRC {result.MicroAuprc}");
        Assert.True(result.MicroAuprc > result.ShuffledMicroAuprc + 0.2, $"AUPRC {result.MicroAuprc} vs shuffled {result.ShuffledMicroAuprc}");
        Assert.InRange(result.TreatmentAccuracy, 0.0, 1.0);
    }

    [Fact]
    public void TooFewWellsPerTreatmentSayWhyTreatmentAccuracyIsMissing()
    {
        // One plate: 24 wells for 13 treatments (DMSO + 12 compounds), fewer than 3 per treatment.
        var all = Cells(4);
        var onePlate = all.Subset(Enumerable.Range(0, all.Count).Where(i => all.Metadata[i].Plate == "P0").ToArray());
        var result = MoaProtocol.Run(onePlate, new MoaOptions { Seed = 1 });
        Assert.True(double.IsNaN(result.TreatmentAccuracy));
        Assert.Equal("needs ≥ 3 wells per treatment and 2 treatments; these profiles have 24 wells of 13 treatments", result.TreatmentAccuracyNote);
        var line = ProtocolScoreTable.Line(result);
        Assert.Contains("treatment accuracy n/a (needs ≥ 3 wells per treatment", line);
        Assert.DoesNotContain("NaN", line);
        Assert.StartsWith(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"MoA micro AUPRC {result.MicroAuprc * 100:F1} | shuffled labels"), line);
        Assert.EndsWith("(x100)", line);
        Assert.Null(MoaProtocol.Run(all, new MoaOptions { Seed = 1 }).TreatmentAccuracyNote);
    }

    [Fact]
    public void WithoutSignalAuprcIsNearChance()
    {
        var result = MoaProtocol.Run(Cells(2, signal: false), new MoaOptions { Seed = 3 });
        Assert.True(result.MicroAuprc < 0.6, $"AUPRC without signal {result.MicroAuprc}");
    }

    [Fact]
    public void ControlsAndLayoutAreRequired()
    {
        var noControls = Cells(3, controlWellsPerPlate: 0);
        Assert.Contains("control", Assert.Throws<ArgumentException>(() => MoaProtocol.Run(noControls)).Message);
        var cells = Cells(4);
        var noPlate = new EmbeddingSet(cells.Features, cells.Dim, cells.Metadata.Select((m, i) => i == 7 ? m with { Plate = null } : m).ToArray());
        Assert.Contains(cells.Metadata[7].Id, Assert.Throws<ArgumentException>(() => MoaProtocol.Run(noPlate)).Message);
    }
}
