namespace CellDino.Eval.Probes;

/// <summary>What a probe predicts, which fixes its loss and its default validation metric.</summary>
public enum ProbeTaskKind
{
    /// <summary>Exactly one class per sample (e.g. cell line): cross-entropy loss, softmax scores, accuracy.</summary>
    MultiClass,

    /// <summary>Any number of classes per sample (e.g. protein localisation): BCE-with-logits, sigmoid scores, macro F1 at 0.5.</summary>
    MultiLabel,
}
