namespace CellDino.Eval.Profiling;

/// <summary>Whitening variants of <see cref="Spherize"/>.</summary>
public enum SpherizeMethod
{
    /// <summary>pycytominer ZCA (the Spherize class default): W = V·diag(√(n−1)/(s+ε))·Vᵀ from the SVD of the centered controls.</summary>
    Zca,

    /// <summary>pycytominer ZCA-cor (the <c>normalize(method='spherize')</c> default): ZCA after dividing by the control std (ddof 0).</summary>
    ZcaCor,

    /// <summary>pycytominer PCA whitening: W = V·diag(√(n−1)/(s+ε)); columns defined up to sign.</summary>
    Pca,

    /// <summary>pycytominer PCA-cor: PCA whitening after dividing by the control std (ddof 0).</summary>
    PcaCor,

    /// <summary>
    /// Cell-DINO / DINO4Cells profiling: C = XᵀX/n of the centered controls, C = V·diag(e)·Vᵀ, W = V·diag(1/√(e+λ))·Vᵀ
    /// with λ (default 1e-5) added to the eigenvalues.
    /// </summary>
    ZcaCellDino,
}
