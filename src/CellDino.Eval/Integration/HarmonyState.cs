namespace CellDino.Eval.Integration;

/// <summary>
/// The working state of one Harmony run, laid out as harmonypy's (R, E, O are [clusters, cells/batches]); the embedding
/// is kept cell-major. Steps and their order follow harmonypy 0.0.9 so that floating-point results agree closely.
/// </summary>
internal sealed class HarmonyState
{
    private const int WindowSize = 3;
    private readonly int _n, _d, _k, _b;
    private readonly HarmonyOptions _o;
    private readonly double[,] _zOrig;
    private double[,] _zCorr;
    private readonly double[,] _zCos;
    private readonly int[] _batchOf;
    private readonly long[][] _cellsOf;
    private readonly double[] _prB, _theta, _lambda, _sigma;
    private readonly double[,] _r, _dist, _e, _obs;
    private double[,] _y;
    private double[,] _yInit;
    private readonly NumpyLegacyRandom _rng;
    private readonly List<double> _objKMeans = [], _objHarmony = [];
    private readonly List<int> _kmeansRounds = [];

    public HarmonyState(double[,] data, IReadOnlyList<int> batch, int k, HarmonyOptions o)
    {
        _n = data.GetLength(0);
        _d = data.GetLength(1);
        _k = k;
        _o = o;
        var levels = batch.Distinct().Order().ToArray();
        _b = levels.Length;
        var index = new Dictionary<int, int>();
        for (int i = 0; i < levels.Length; i++) index[levels[i]] = i;
        _batchOf = batch.Select(v => index[v]).ToArray();
        _cellsOf = Enumerable.Range(0, _b).Select(b => Enumerable.Range(0, _n).Where(c => _batchOf[c] == b).Select(c => (long)c).ToArray()).ToArray();
        var nb = new double[_b];
        foreach (var b in _batchOf) nb[b]++;
        _prB = nb.Select(v => v / _n).ToArray();
        _theta = Enumerable.Repeat(o.Theta, _b).ToArray();
        if (o.Tau > 0)
            for (int b = 0; b < _b; b++) _theta[b] *= 1 - Math.Exp(-Math.Pow(nb[b] / (_k * o.Tau), 2));
        _lambda = Enumerable.Repeat(o.Lambda, _b).ToArray();
        _sigma = Enumerable.Repeat(o.Sigma, _k).ToArray();
        _zOrig = (double[,])data.Clone();
        _zCorr = (double[,])data.Clone();
        // Cosine space: divide each cell by its largest coordinate (sign included), then L2-normalize.
        _zCos = new double[_n, _d];
        for (int i = 0; i < _n; i++)
        {
            double mx = double.NegativeInfinity;
            for (int j = 0; j < _d; j++) mx = Math.Max(mx, data[i, j]);
            if (mx == 0) throw new ArgumentException($"Cell {i} has largest coordinate 0: Harmony (as harmonypy) divides each cell by its largest coordinate before cosine normalization.", nameof(data));
            for (int j = 0; j < _d; j++) _zCos[i, j] = data[i, j] / mx;
        }
        NormalizeRows(_zCos);
        _r = new double[_k, _n];
        _dist = new double[_k, _n];
        _e = new double[_k, _b];
        _obs = new double[_k, _b];
        _y = new double[_d, _k];
        _yInit = _y;
        _rng = new NumpyLegacyRandom(o.RandomState);
    }

    public void InitCluster(double[,]? centroids)
    {
        if (centroids is null)
        {
            var c = HarmonyKMeans.Fit(_zCos, _k, unchecked((int)_o.RandomState));
            centroids = new double[_d, _k];
            for (int a = 0; a < _k; a++) for (int j = 0; j < _d; j++) centroids[j, a] = c[a, j];
        }
        _y = (double[,])centroids.Clone();
        NormalizeColumns(_y);
        _yInit = (double[,])_y.Clone();
        ComputeDist();
        for (int i = 0; i < _n; i++)
        {
            double mx = double.NegativeInfinity;
            for (int a = 0; a < _k; a++) { _r[a, i] = -_dist[a, i] / _sigma[a]; mx = Math.Max(mx, _r[a, i]); }
            double s = 0;
            for (int a = 0; a < _k; a++) { _r[a, i] = Math.Exp(_r[a, i] - mx); s += _r[a, i]; }
            for (int a = 0; a < _k; a++) _r[a, i] /= s;
        }
        for (int a = 0; a < _k; a++)
        {
            double rowSum = 0;
            for (int i = 0; i < _n; i++) { rowSum += _r[a, i]; _obs[a, _batchOf[i]] += _r[a, i]; }
            for (int b = 0; b < _b; b++) _e[a, b] = rowSum * _prB[b];
        }
        ComputeObjective();
        _objHarmony.Add(_objKMeans[^1]);
    }

    /// <summary>Clustering + correction rounds; true when the objective converged.</summary>
    public bool Harmonize()
    {
        for (int it = 1; it <= _o.MaxIterHarmony; it++)
        {
            Cluster();
            MoeCorrectRidge();
            double oldObj = _objHarmony[^2], newObj = _objHarmony[^1];
            if ((oldObj - newObj) / Math.Abs(oldObj) < _o.EpsilonHarmony) return true;
        }
        return false;
    }

    public HarmonyResult ToResult(bool converged) =>
        new(_zCorr, (double[,])_r.Clone(), _yInit, (double[,])_y.Clone(), [.. _kmeansRounds], [.. _objHarmony], converged);

    private void Cluster()
    {
        int i;
        for (i = 0; i < _o.MaxIterKMeans; i++)
        {
            // Centroids: Y = Z_cos R^T, columns normalized.
            var y = DenseOps.MatMul(_zCos, true, _r, true);
            NormalizeColumns(y);
            _y = y;
            ComputeDist();
            UpdateR();
            ComputeObjective();
            if (i > WindowSize && KMeansConverged()) break;
        }
        _kmeansRounds.Add(Math.Min(i, _o.MaxIterKMeans - 1));
        _objHarmony.Add(_objKMeans[^1]);
    }

    private bool KMeansConverged()
    {
        int okl = _objKMeans.Count;
        double oldObj = 0, newObj = 0;
        for (int w = 0; w < WindowSize; w++)
        {
            oldObj += _objKMeans[okl - 2 - w];
            newObj += _objKMeans[okl - 1 - w];
        }
        return Math.Abs(oldObj - newObj) / Math.Abs(oldObj) < _o.EpsilonCluster;
    }

    private void UpdateR()
    {
        var scale = new double[_k, _n];
        for (int c = 0; c < _n; c++)
        {
            double mx = double.NegativeInfinity;
            for (int a = 0; a < _k; a++) { scale[a, c] = -_dist[a, c] / _sigma[a]; mx = Math.Max(mx, scale[a, c]); }
            for (int a = 0; a < _k; a++) scale[a, c] = Math.Exp(scale[a, c] - mx);
        }
        var order = new int[_n];
        for (int c = 0; c < _n; c++) order[c] = c;
        _rng.Shuffle(order);
        int nBlocks = (int)Math.Ceiling(1.0 / _o.BlockSize);
        int start = 0;
        var blockSum = new double[_k];
        var penalty = new double[_k, _b];
        for (int bl = 0; bl < nBlocks; bl++)
        {
            // numpy.array_split: the first N % blocks parts get one extra element.
            int len = _n / nBlocks + (bl < _n % nBlocks ? 1 : 0);
            var cells = order.AsSpan(start, len);
            start += len;
            RemoveOrAdd(cells, blockSum, -1);
            for (int a = 0; a < _k; a++)
                for (int b = 0; b < _b; b++)
                    penalty[a, b] = Math.Pow((_e[a, b] + 1) / (_obs[a, b] + 1), _theta[b]);
            foreach (int c in cells)
            {
                double s = 0;
                for (int a = 0; a < _k; a++) { _r[a, c] = scale[a, c] * penalty[a, _batchOf[c]]; s += Math.Abs(_r[a, c]); }
                for (int a = 0; a < _k; a++) _r[a, c] /= s;
            }
            RemoveOrAdd(cells, blockSum, +1);
        }
    }

    private void RemoveOrAdd(ReadOnlySpan<int> cells, double[] blockSum, int sign)
    {
        Array.Clear(blockSum);
        foreach (int c in cells)
            for (int a = 0; a < _k; a++) blockSum[a] += _r[a, c];
        for (int a = 0; a < _k; a++)
            for (int b = 0; b < _b; b++) _e[a, b] += sign * blockSum[a] * _prB[b];
        for (int a = 0; a < _k; a++)
        {
            var obsDelta = new double[_b];
            foreach (int c in cells) obsDelta[_batchOf[c]] += _r[a, c];
            for (int b = 0; b < _b; b++) _obs[a, b] += sign * obsDelta[b];
        }
    }

    private void ComputeObjective()
    {
        double kmeansError = 0, entropy = 0, cross = 0;
        var logRatio = new double[_k, _b];
        for (int a = 0; a < _k; a++)
            for (int b = 0; b < _b; b++) logRatio[a, b] = Math.Log((_obs[a, b] + 1) / (_e[a, b] + 1));
        for (int a = 0; a < _k; a++)
        {
            double ent = 0, cr = 0, km = 0;
            for (int c = 0; c < _n; c++)
            {
                double r = _r[a, c];
                km += r * _dist[a, c];
                double rl = r * Math.Log(r);
                if (double.IsFinite(rl)) ent += rl; // 0·log 0 counts as 0
                cr += r * _theta[_batchOf[c]] * logRatio[a, _batchOf[c]];
            }
            kmeansError += km;
            entropy += ent * _sigma[a];
            cross += cr * _sigma[a];
        }
        _objKMeans.Add(kmeansError + entropy + cross);
    }

    /// <summary>
    /// Per-cluster ridge regression of the original embedding on the batch design (intercept kept): for cluster k,
    /// W = inv(Φ_Rk Φᵀ + diag(0, λ)) Φ_Rk Zᵀ, then Z_corr −= Wᵀ Φ_Rk without the intercept row. The sums over cells are
    /// done per batch with float64 matmuls.
    /// </summary>
    private void MoeCorrectRidge()
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var r = DenseOps.ToTensor(_r);
        var z = DenseOps.ToTensor(_zOrig);
        var rb = new TorchSharp.torch.Tensor[_b];
        var zb = new TorchSharp.torch.Tensor[_b];
        var mass = new double[_b][];
        var proj = new double[_b][,];
        for (int b = 0; b < _b; b++)
        {
            var idx = TorchSharp.torch.tensor(_cellsOf[b]);
            rb[b] = r.index_select(1, idx);
            zb[b] = z.index_select(0, idx);
            mass[b] = rb[b].sum([1]).data<double>().ToArray();
            proj[b] = DenseOps.ToArray(rb[b].matmul(zb[b]));
        }
        int p = _b + 1;
        var wByBatch = new double[_b][,];
        for (int b = 0; b < _b; b++) wByBatch[b] = new double[_k, _d];
        for (int a = 0; a < _k; a++)
        {
            var x = new double[p, p];
            var rhs = new double[p, _d];
            for (int b = 0; b < _b; b++)
            {
                double m = mass[b][a];
                x[0, 0] += m;
                x[0, b + 1] = m;
                x[b + 1, 0] = m;
                x[b + 1, b + 1] = m + _lambda[b];
                for (int j = 0; j < _d; j++)
                {
                    rhs[0, j] += proj[b][a, j];
                    rhs[b + 1, j] = proj[b][a, j];
                }
            }
            var w = SmallLinearSolve.InverseTimes(x, rhs);
            // Row 0 (the intercept) is not removed.
            for (int b = 0; b < _b; b++)
                for (int j = 0; j < _d; j++) wByBatch[b][a, j] = w[b + 1, j];
        }
        var zCorr = z.clone();
        for (int b = 0; b < _b; b++)
        {
            var corrected = zb[b] - rb[b].t().matmul(DenseOps.ToTensor(wByBatch[b]));
            zCorr.index_copy_(0, TorchSharp.torch.tensor(_cellsOf[b]), corrected);
        }
        _zCorr = DenseOps.ToArray(zCorr);
        Array.Copy(_zCorr, _zCos, _zCorr.Length);
        NormalizeRows(_zCos);
    }

    private void ComputeDist()
    {
        var dot = DenseOps.MatMul(_y, true, _zCos, true);
        for (int a = 0; a < _k; a++)
            for (int c = 0; c < _n; c++) _dist[a, c] = 2 * (1 - dot[a, c]);
    }

    private static void NormalizeRows(double[,] m)
    {
        for (int i = 0; i < m.GetLength(0); i++)
        {
            double s = 0;
            for (int j = 0; j < m.GetLength(1); j++) s += m[i, j] * m[i, j];
            s = Math.Sqrt(s);
            for (int j = 0; j < m.GetLength(1); j++) m[i, j] /= s;
        }
    }

    private static void NormalizeColumns(double[,] m)
    {
        for (int j = 0; j < m.GetLength(1); j++)
        {
            double s = 0;
            for (int i = 0; i < m.GetLength(0); i++) s += m[i, j] * m[i, j];
            s = Math.Sqrt(s);
            for (int i = 0; i < m.GetLength(0); i++) m[i, j] /= s;
        }
    }
}
