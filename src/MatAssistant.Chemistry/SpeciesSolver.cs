namespace MatAssistant.Chemistry;

/// <summary>
/// The search behind reports and the extended rules: finds the neutral assignment of least cost (the most plausible one)
/// when atoms of an element may take different states (SMACT's <c>mixed_valence</c>: each atom of a mixed-valence element
/// is a site of its own) and oxygen may be peroxide or superoxide. Charges are in half units so that superoxide O (−½) is
/// an integer.
/// </summary>
/// <remarks>
/// A dynamic programme over partial charges: one level per element, or one per atom for a mixed-valence element, so the
/// cost is O(levels × states × charge range) rather than SMACT's Cartesian product over sites (which it abandons beyond
/// 10^6 combinations). Every level is kept for the walk back; past <see cref="MaxCells"/> cells an element is searched
/// with one state for all its atoms instead, and the search says so.
/// </remarks>
internal static class SpeciesSolver
{
    /// <summary>Most DP cells (levels × charge range) one search may use: 2 MB of doubles, about a millisecond of work.</summary>
    private const int MaxCells = 1 << 18;

    [ThreadStatic]
    private static double[]? s_cells;

    /// <summary>The elements of one search.</summary>
    /// <param name="Counts">Reduced integer amount of each element.</param>
    /// <param name="Charges">Per element, the charge of one atom in each allowed state, in half units.</param>
    /// <param name="Costs">Per element, parallel to <paramref name="Charges"/>: −ln of how usual the state is (0 = the usual one).</param>
    /// <param name="PerAtom">Per element: its atoms may take different states.</param>
    public sealed record Problem(int[] Counts, int[][] Charges, double[][] Costs, bool[] PerAtom)
    {
        public int K => Counts.Length;
    }

    /// <summary>A solution: how many atoms of each element take each of its states (parallel to <see cref="Problem.Charges"/>).</summary>
    public sealed record Solution(double Cost, int[][] Atoms);

    /// <summary>True when the problem, with one state per element, is small enough for this search (huge counts are not).</summary>
    public static bool Fits(Problem problem)
    {
        long range = 0;
        for (var i = 0; i < problem.K; i++)
        {
            range += (long)problem.Charges[i].Select(Math.Abs).DefaultIfEmpty(0).Max() * problem.Counts[i];
        }

        return ((2 * range) + 1) * (problem.K + 1) <= MaxCells;
    }

    /// <summary>A solution from one state per element (an assignment found elsewhere), with its cost.</summary>
    public static Solution FromAssignment(Problem problem, ReadOnlySpan<int> charges)
    {
        var atoms = new int[problem.K][];
        var cost = 0.0;
        for (var i = 0; i < problem.K; i++)
        {
            atoms[i] = new int[problem.Charges[i].Length];
            var j = Array.IndexOf(problem.Charges[i], charges[i]);
            atoms[i][j] = problem.Counts[i];
            cost += problem.Costs[i][j];
        }

        return new Solution(cost, atoms);
    }

    /// <summary>
    /// The cheapest neutral assignment with every element on the given side (+1 cation, −1 anion, 0 either), using only
    /// the states <paramref name="allowed"/> marks (all when null); null when none.
    /// </summary>
    public static Solution? Cheapest(Problem problem, ReadOnlySpan<sbyte> sides, bool[][]? allowed = null)
    {
        var perAtom = (bool[])problem.PerAtom.Clone();
        while (true)
        {
            var result = TryCheapest(problem, perAtom, sides, allowed, out var tooBig);
            if (!tooBig)
            {
                return result;
            }

            // Too many levels: give the mixed-valence element with most atoms one state for all of them and retry.
            var largest = -1;
            for (var i = 0; i < perAtom.Length; i++)
            {
                if (perAtom[i] && (largest < 0 || problem.Counts[i] > problem.Counts[largest]))
                {
                    largest = i;
                }
            }

            if (largest < 0)
            {
                return null;
            }

            perAtom[largest] = false;
        }
    }

    /// <summary>
    /// The cheapest neutral assignment that passes SMACT's Pauling test (every cation less electronegative than every
    /// anion; an element without a value fails), over every split of the elements ordered by χ; null when none.
    /// </summary>
    public static Solution? CheapestBalanced(Problem problem, ReadOnlySpan<double> chi, bool zeroAllowed, bool[][]? allowed = null)
    {
        var k = problem.K;
        for (var i = 0; i < k; i++)
        {
            if (double.IsNaN(chi[i]) && k > 1)
            {
                return null;
            }
        }

        var chiCopy = chi.ToArray();
        var order = Enumerable.Range(0, k).OrderBy(i => chiCopy[i]).ToArray();
        Span<sbyte> sides = stackalloc sbyte[k];
        Solution? best = null;
        var first = zeroAllowed ? 0 : 1;
        var last = zeroAllowed ? k : k - 1;
        for (var split = last; split >= first; split--)
        {
            // A cation and an anion of equal χ fail the test, so never split between equal values.
            if (split > 0 && split < k && chiCopy[order[split - 1]] >= chiCopy[order[split]])
            {
                continue;
            }

            for (var r = 0; r < k; r++)
            {
                sides[order[r]] = (sbyte)(r < split ? 1 : -1);
            }

            var solution = Cheapest(problem, sides, allowed);
            if (solution is not null && (best is null || solution.Cost < best.Cost))
            {
                best = solution;
            }
        }

        return best;
    }

    private static bool Allowed(int charge, sbyte side) => side switch
    {
        > 0 => charge >= 0,
        < 0 => charge <= 0,
        _ => true,
    };

    private static bool Usable(Problem problem, int i, int j, ReadOnlySpan<sbyte> sides, bool[][]? allowed) =>
        Allowed(problem.Charges[i][j], sides[i]) && (allowed is null || allowed[i][j]);

    private static Solution? TryCheapest(Problem problem, bool[] perAtom, ReadOnlySpan<sbyte> sides, bool[][]? allowed, out bool tooBig)
    {
        tooBig = false;
        var k = problem.K;
        long range = 0;
        long levels = 1;
        for (var i = 0; i < k; i++)
        {
            var maxAbs = -1;
            for (var j = 0; j < problem.Charges[i].Length; j++)
            {
                if (Usable(problem, i, j, sides, allowed))
                {
                    maxAbs = Math.Max(maxAbs, Math.Abs(problem.Charges[i][j]));
                }
            }

            if (maxAbs < 0)
            {
                return null;
            }

            range += (long)maxAbs * problem.Counts[i];
            levels += perAtom[i] ? problem.Counts[i] : 1;
        }

        var width = (2 * range) + 1;
        if (width * levels > MaxCells)
        {
            tooBig = true;
            return null;
        }

        var w = (int)width;
        var needed = w * (int)levels;
        var cells = s_cells;
        if (cells is null || cells.Length < needed)
        {
            cells = s_cells = new double[Math.Max(needed, 4096)];
        }

        var grid = cells.AsSpan(0, needed);
        grid.Fill(double.PositiveInfinity);
        var offset = (int)range;
        grid[offset] = 0;

        // Forward: level l holds the least cost of each partial charge after the first l steps.
        var level = 0;
        for (var i = 0; i < k; i++)
        {
            var n = problem.Counts[i];
            var steps = perAtom[i] ? n : 1;
            var multiplicity = perAtom[i] ? 1 : n;
            var share = perAtom[i] ? 1.0 / n : 1.0; // an element's cost is the mean over its atoms
            for (var step = 0; step < steps; step++, level++)
            {
                var source = grid.Slice(level * w, w);
                var target = grid.Slice((level + 1) * w, w);
                for (var j = 0; j < problem.Charges[i].Length; j++)
                {
                    if (!Usable(problem, i, j, sides, allowed))
                    {
                        continue;
                    }

                    var shift = problem.Charges[i][j] * multiplicity;
                    var cost = problem.Costs[i][j] * share;
                    for (var x = Math.Max(0, -shift); x < Math.Min(w, w - shift); x++)
                    {
                        var candidate = source[x] + cost;
                        if (candidate < target[x + shift])
                        {
                            target[x + shift] = candidate;
                        }
                    }
                }
            }
        }

        var total = grid[(level * w) + offset];
        if (double.IsPositiveInfinity(total))
        {
            return null;
        }

        // Walk back, taking at each step the first state (in preference order) that reproduces the stored cost exactly.
        var atoms = new int[k][];
        var charge = offset;
        for (var i = k - 1; i >= 0; i--)
        {
            atoms[i] = new int[problem.Charges[i].Length];
            var n = problem.Counts[i];
            var steps = perAtom[i] ? n : 1;
            var multiplicity = perAtom[i] ? 1 : n;
            var share = perAtom[i] ? 1.0 / n : 1.0;
            for (var step = 0; step < steps; step++)
            {
                level--;
                var here = grid[((level + 1) * w) + charge];
                for (var j = 0; j < problem.Charges[i].Length; j++)
                {
                    var before = charge - (problem.Charges[i][j] * multiplicity);
                    if (Usable(problem, i, j, sides, allowed) && before >= 0 && before < w && grid[(level * w) + before] + (problem.Costs[i][j] * share) == here)
                    {
                        atoms[i][j] += multiplicity;
                        charge = before;
                        break;
                    }
                }
            }
        }

        return new Solution(total, atoms);
    }
}
