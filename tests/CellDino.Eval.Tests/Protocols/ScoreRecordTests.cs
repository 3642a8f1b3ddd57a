using CellDino.Data.Samples;
using CellDino.Eval.Embedding;
using CellDino.Eval.Probes;
using CellDino.Eval.Protocols;
using static CellDino.Eval.Tests.Protocols.ProtocolTestData;

namespace CellDino.Eval.Tests.Protocols;

/// <summary>The typed score records and the helpers the CLI composes (validation split, leakage warning, tables).</summary>
public class ScoreRecordTests
{
    [Fact]
    public void Classifier_specs_compare_by_value_and_read_as_the_tables_print_them()
    {
        Assert.Equal(ClassifierSpec.Knn(10), ClassifierSpec.Knn(10));
        Assert.NotEqual(ClassifierSpec.Knn(1), ClassifierSpec.Knn(10));
        Assert.NotEqual(ClassifierSpec.LinearProbe, ClassifierSpec.Mlp);
        Assert.Equal(["kNN (k=1)", "kNN (k=20)", "linear probe", "MLP"],
            new[] { ClassifierSpec.Knn(1), ClassifierSpec.Knn(20), ClassifierSpec.LinearProbe, ClassifierSpec.Mlp }.Select(c => c.ToString()));
        Assert.Equal((ClassifierKind.Knn, 20), (ClassifierSpec.Knn(20).Kind, ClassifierSpec.Knn(20).K));
        Assert.Null(ClassifierSpec.Mlp.K);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassifierSpec.Knn(0));
    }

    [Fact]
    public void Score_tables_print_the_classifier_text_and_low_shot_curves_their_own_csv()
    {
        var scores = new[]
        {
            new ProtocolScore("cell line", "Cell-DINO", ClassifierSpec.Knn(1), 0.5, 0.25, 0.125, 0.75),
            new ProtocolScore("cell line", "raw, pixels", ClassifierSpec.LinearProbe, 0.5, 0.25, 0.125),
        };
        Assert.Equal(ProtocolScoreTable.CsvHeader + "\ncell line,Cell-DINO,kNN (k=1),50,25,12.5,75\ncell line,\"raw, pixels\",linear probe,50,25,12.5,\n",
            ProtocolScoreTable.Csv(scores));
        Assert.Equal("cell line | kNN (k=1) | macro F1 50.0 | micro F1 25.0 | accuracy 12.5 | macro AP 75.0 (x100)", ProtocolScoreTable.Line(scores[0]));

        LowShotCurve[] curve = [new(0.01, 0.25, 0.125, [0.125, 0.375]), new(1.0, 0.5, 0, [0.5])];
        Assert.Equal("labels_percent,macro_f1_x100_mean,macro_f1_x100_std\n1,25,12.5\n100,50,0\n", ProtocolScoreTable.LowShotCsv(curve));
        Assert.Equal(["   1.0% of labels: macro F1 25.0 ± 12.5", " 100.0% of labels: macro F1 50.0 ± 0.0"], curve.Select(ProtocolScoreTable.Line));
    }

    [Fact]
    public void The_leakage_warning_names_what_is_shared_and_is_null_for_a_clean_split()
    {
        Assert.Null(new SplitLeakage(10, 0, 0, []).Warning());
        Assert.Equal("3 of the 10 --test samples are also in --train (same ids): these scores measure recall of seen samples, not generalization.",
            new SplitLeakage(10, 3, 3, ["f1"]).Warning("--train", "--test"));
        Assert.Equal("4 of the 10 test cells come from 2 field(s) that also have cells in train (first: f7): cells of one image look alike, " +
            "so these scores overstate generalization; hold out whole fields.", new SplitLeakage(10, 0, 4, ["f7", "f9"]).Warning());
    }

    [Fact]
    public void The_default_validation_split_holds_out_a_stratified_fifth_of_the_training_set()
    {
        var train = Blobs(20, 3, 4, seed: 1);
        var task = EvaluationTask.CellLine(train.Metadata);
        var (rest, validation) = Classification.SplitValidation(train, task, seed: 5);
        Assert.Equal(0.2, Classification.DefaultValidationFraction);
        Assert.Equal(12, validation.Count);
        Assert.Equal(48, rest.Count);
        var ids = rest.Metadata.Select(m => m.Id).Concat(validation.Metadata.Select(m => m.Id)).ToList();
        Assert.Equal(train.Metadata.Select(m => m.Id).Order(), ids.Order());
        Assert.All(validation.Metadata.GroupBy(m => m.CellLine), g => Assert.Equal(4, g.Count()));
        Assert.Equal(validation.Metadata, Classification.SplitValidation(train, task, seed: 5).Validation.Metadata);
        Assert.NotEqual(validation.Metadata, Classification.SplitValidation(train, task, seed: 6).Validation.Metadata);
        // Rows travel with their metadata.
        int row = train.Metadata.ToList().FindIndex(m => m.Id == validation.Metadata[0].Id);
        Assert.Equal(train.Row(row).ToArray(), validation.Row(0).ToArray());
    }

    [Fact]
    public void Metadata_columns_and_label_text_come_from_the_task_registry()
    {
        var m = new SampleMetadata
        {
            Id = "x", Plate = "P1", CellLine = "U2OS", Well = "B03", Treatment = "DMSO", Labels = [2, 0],
            Extra = new Dictionary<string, string> { ["Metadata_Dose"] = "10" },
        };
        Assert.Equal(["P1", "U2OS", "B03", "DMSO"], EvaluationTasks.MetadataColumnNames.Select(c => EvaluationTasks.MetadataColumn(c)(m)));
        Assert.Equal("10", EvaluationTasks.MetadataColumn("Metadata_Dose")(m));
        Assert.Null(EvaluationTasks.MetadataColumn("Metadata_Missing")(m));
        var task = EvaluationTask.Localization(["nucleoli", "cytosol", "mitochondria"]);
        Assert.Equal("mitochondria+nucleoli", task.LabelText(m));
        Assert.Equal("none", task.LabelText(m with { Labels = [] }));
    }

    [Fact]
    public void Probe_datasets_are_built_from_embeddings_and_a_task()
    {
        var set = Blobs(3, 2, 4, seed: 2);
        var task = EvaluationTask.CellLine(set.Metadata);
        var data = ProbeDataset.Create(set, task, "train");
        Assert.Same(set.Features, data.Features);
        Assert.Equal((6, 4, 2, "train"), (data.Count, data.Dim, data.NumClasses, data.Name));
        Assert.Equal(set.Metadata.Select(task.LabelsOf).Select(l => l[0]), data.Labels.Select(l => l[0]));
        var stranger = new EmbeddingSet(new float[4], 4, [new SampleMetadata { Id = "s", CellLine = "unknown" }]);
        Assert.Contains("not seen", Assert.Throws<ArgumentException>(() => ProbeDataset.Create(stranger, task)).Message);
    }
}
