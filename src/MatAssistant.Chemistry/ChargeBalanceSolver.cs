namespace MatAssistant.Chemistry;

/// <summary>
/// Finds one oxidation state per element with Σ stateᵢ·nᵢ = 0, optionally with SMACT's Pauling condition
/// (every cation less electronegative than every anion).
/// </summary>
/// <remarks>
/// SMACT walks the Cartesian product of the state lists, which grows as ∏|Sᵢ| (10^10 for ten elements with ten states).
/// Here the reachable partial charges are a bitset per element (a subset-sum dynamic programme), so a search costs
/// O(Σ|Sᵢ| · R / 64) word operations for a charge range R, whatever the number of elements. The Pauling condition is a
/// split of the elements, sorted by electronegativity, into cations below and anions above, so it is at most k + 1
/// restricted programmes. An assignment is recovered by walking back through the bitsets, taking each element's
/// states in preference order. Memory is a per-thread buffer reused across calls: nothing is allocated per formula.
/// </remarks>
internal static class ChargeBalanceSolver
{
    /// <summary>Charge ranges above this many 64-bit words per level use depth-first search instead of bitsets.</summary>
    private const int MaxWordsPerLevel = 1 << 14;

    [ThreadStatic]
    private static ulong[]? s_bits;

    /// <summary>Sign constraint for one element in a restricted search.</summary>
    private enum Side : byte
    {
        Any,
        Cation, // states ≥ 0
        Anion, // states ≤ 0
    }

    /// <summary>Searches for a neutral assignment; <paramref name="assignment"/> receives it when found.</summary>
    /// <param name="atomicNumbers">Z of each element.</param>
    /// <param name="counts">Reduced integer amount of each element.</param>
    /// <param name="states">The allowed states.</param>
    /// <param name="assignment">Receives one state per element when found.</param>
    /// <param name="preferUsual">When true, of all neutral assignments the one whose states rank highest in each
    /// element's preference order is returned (a minimum-cost search, slower); otherwise the first one found.</param>
    public static bool TryFindNeutral(ReadOnlySpan<int> atomicNumbers, ReadOnlySpan<int> counts, OxidationStateSet states, Span<int> assignment, bool preferUsual = false)
    {
        Span<Side> sides = stackalloc Side[atomicNumbers.Length];
        sides.Clear();
        return preferUsual
            ? Cheapest(atomicNumbers, counts, states, sides, assignment) >= 0
            : Search(atomicNumbers, counts, states, sides, assignment);
    }

    /// <summary>
    /// Searches for a neutral assignment that also passes SMACT's Pauling test: for every cation/anion pair the
    /// cation is strictly less electronegative; any element without a value fails (when there are two or more).
    /// </summary>
    public static bool TryFindBalanced(
        ReadOnlySpan<int> atomicNumbers,
        ReadOnlySpan<int> counts,
        OxidationStateSet states,
        ElectronegativityTable electronegativities,
        Span<int> assignment,
        bool preferUsual = false)
    {
        var k = atomicNumbers.Length;
        Span<double> chi = stackalloc double[k];
        Span<int> order = stackalloc int[k];
        for (var i = 0; i < k; i++)
        {
            chi[i] = electronegativities[atomicNumbers[i]];
            if (double.IsNaN(chi[i]) && k > 1)
            {
                return false;
            }

            order[i] = i;
        }

        // Insertion sort of indices by χ: k ≤ 20.
        for (var i = 1; i < k; i++)
        {
            var current = order[i];
            var j = i - 1;
            while (j >= 0 && chi[order[j]] > chi[current])
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = current;
        }

        Span<Side> sides = stackalloc Side[k];
        Span<int> candidate = stackalloc int[k];
        var bestCost = -1;
        var first = states.ContainsZero ? 0 : 1;
        var last = states.ContainsZero ? k : k - 1;
        // Most cations first: as a chemist reads SO4 or NH3, only the most electronegative elements are taken as anions,
        // so the assignment reported for [Cu(NH3)4]SO4 is S(+6) N(−3) rather than the equally neutral S(−2) N(−1).
        for (var split = last; split >= first; split--)
        {
            // A cation and an anion of equal χ fail the test, so never split between equal values.
            if (split > 0 && split < k && chi[order[split - 1]] >= chi[order[split]])
            {
                continue;
            }

            for (var r = 0; r < k; r++)
            {
                sides[order[r]] = r < split ? Side.Cation : Side.Anion;
            }

            if (!preferUsual)
            {
                if (Search(atomicNumbers, counts, states, sides, assignment))
                {
                    return true;
                }

                continue;
            }

            var cost = Cheapest(atomicNumbers, counts, states, sides, candidate);
            if (cost >= 0 && (bestCost < 0 || cost < bestCost))
            {
                bestCost = cost;
                candidate.CopyTo(assignment);
                if (cost == 0)
                {
                    break;
                }
            }
        }

        return bestCost >= 0;
    }

    private static bool Allowed(int state, Side side) => side switch
    {
        Side.Cation => state >= 0,
        Side.Anion => state <= 0,
        _ => true,
    };

    private static bool Search(ReadOnlySpan<int> atomicNumbers, ReadOnlySpan<int> counts, OxidationStateSet states, ReadOnlySpan<Side> sides, Span<int> assignment)
    {
        var k = atomicNumbers.Length;
        var range = ChargeRange(atomicNumbers, counts, states, sides);
        if (range < 0)
        {
            return false;
        }

        var bits = (2 * range) + 1;
        var words = (int)((bits + 63) >> 6);
        if (range > int.MaxValue / 4 || words > MaxWordsPerLevel)
        {
            return DepthFirst(atomicNumbers, counts, states, sides, assignment);
        }

        var needed = words * (k + 1);
        var buffer = s_bits;
        if (buffer is null || buffer.Length < needed)
        {
            buffer = s_bits = new ulong[Math.Max(needed, 1024)];
        }

        var levels = buffer.AsSpan(0, needed);
        levels.Clear();
        var offset = (int)range;
        levels[offset >> 6] = 1UL << (offset & 63);
        for (var i = 0; i < k; i++)
        {
            var source = levels.Slice(i * words, words);
            var target = levels.Slice((i + 1) * words, words);
            foreach (var s in states[atomicNumbers[i]])
            {
                if (Allowed(s, sides[i]))
                {
                    OrShifted(source, target, s * counts[i]);
                }
            }
        }

        if (!IsSet(levels.Slice(k * words, words), offset))
        {
            return false;
        }

        // Walk back: at each element take the first state (in preference order) whose predecessor sum is reachable.
        var charge = 0;
        for (var i = k - 1; i >= 0; i--)
        {
            var previous = levels.Slice(i * words, words);
            foreach (var s in states[atomicNumbers[i]])
            {
                if (!Allowed(s, sides[i]))
                {
                    continue;
                }

                var before = charge - (s * counts[i]);
                if (Math.Abs(before) <= range && IsSet(previous, before + offset))
                {
                    assignment[i] = s;
                    charge = before;
                    break;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Minimum total preference rank (0 = each element's most usual state) over neutral assignments, by dynamic
    /// programming over partial charges; −1 when none exists. Used for reports, where the assignment is shown.
    /// </summary>
    private static int Cheapest(ReadOnlySpan<int> atomicNumbers, ReadOnlySpan<int> counts, OxidationStateSet states, ReadOnlySpan<Side> sides, Span<int> assignment)
    {
        var k = atomicNumbers.Length;
        var range = ChargeRange(atomicNumbers, counts, states, sides);
        if (range < 0)
        {
            return -1;
        }

        var size = (2 * range) + 1;
        if (size * (k + 1) > 1 << 22)
        {
            return Search(atomicNumbers, counts, states, sides, assignment) ? 0 : -1;
        }

        const int Unreachable = int.MaxValue;
        var width = (int)size;
        var cost = new int[width * (k + 1)];
        Array.Fill(cost, Unreachable);
        var offset = (int)range;
        cost[offset] = 0;
        for (var i = 0; i < k; i++)
        {
            var source = cost.AsSpan(i * width, width);
            var target = cost.AsSpan((i + 1) * width, width);
            var rank = 0;
            foreach (var s in states[atomicNumbers[i]])
            {
                if (Allowed(s, sides[i]))
                {
                    var shift = s * counts[i];
                    for (var x = Math.Max(0, -shift); x < Math.Min(width, width - shift); x++)
                    {
                        if (source[x] != Unreachable && source[x] + rank < target[x + shift])
                        {
                            target[x + shift] = source[x] + rank;
                        }
                    }
                }

                rank++;
            }
        }

        var total = cost[(k * width) + offset];
        if (total == Unreachable)
        {
            return -1;
        }

        var charge = offset;
        for (var i = k - 1; i >= 0; i--)
        {
            var here = cost[((i + 1) * width) + charge];
            var rank = 0;
            foreach (var s in states[atomicNumbers[i]])
            {
                var before = charge - (s * counts[i]);
                if (Allowed(s, sides[i]) && before >= 0 && before < width && cost[(i * width) + before] != Unreachable && cost[(i * width) + before] + rank == here)
                {
                    assignment[i] = s;
                    charge = before;
                    break;
                }

                rank++;
            }
        }

        return total;
    }

    /// <summary>The largest |partial charge| any assignment can reach, or −1 when some element has no allowed state.</summary>
    private static long ChargeRange(ReadOnlySpan<int> atomicNumbers, ReadOnlySpan<int> counts, OxidationStateSet states, ReadOnlySpan<Side> sides)
    {
        long range = 0;
        for (var i = 0; i < atomicNumbers.Length; i++)
        {
            var maxAbs = -1;
            foreach (var s in states[atomicNumbers[i]])
            {
                if (Allowed(s, sides[i]))
                {
                    maxAbs = Math.Max(maxAbs, Math.Abs(s));
                }
            }

            if (maxAbs < 0)
            {
                return -1;
            }

            range += (long)maxAbs * counts[i];
        }

        return range;
    }

    private static bool IsSet(ReadOnlySpan<ulong> bits, int index) => ((bits[index >> 6] >> (index & 63)) & 1) != 0;

    /// <summary>target |= source shifted up by <paramref name="shift"/> bits (down when negative); bits leaving the range are dropped.</summary>
    private static void OrShifted(ReadOnlySpan<ulong> source, Span<ulong> target, int shift)
    {
        var n = source.Length;
        for (var j = 0; j < n; j++)
        {
            // Bits of target word j come from source bits starting at q = 64j − shift.
            var q = (j << 6) - shift;
            var a = q >> 6; // floor division, also for negative q
            var b = q & 63;
            ulong low = a >= 0 && a < n ? source[a] >> b : 0;
            ulong high = b != 0 && a + 1 >= 0 && a + 1 < n ? source[a + 1] << (64 - b) : 0;
            target[j] |= low | high;
        }
    }

    /// <summary>Fallback for huge counts: depth-first search with bounds on the remaining charge.</summary>
    private static bool DepthFirst(ReadOnlySpan<int> atomicNumbers, ReadOnlySpan<int> counts, OxidationStateSet states, ReadOnlySpan<Side> sides, Span<int> assignment)
    {
        var k = atomicNumbers.Length;
        Span<long> minRest = stackalloc long[k + 1];
        Span<long> maxRest = stackalloc long[k + 1];
        minRest[k] = maxRest[k] = 0;
        for (var i = k - 1; i >= 0; i--)
        {
            long lo = long.MaxValue, hi = long.MinValue;
            foreach (var s in states[atomicNumbers[i]])
            {
                if (Allowed(s, sides[i]))
                {
                    lo = Math.Min(lo, (long)s * counts[i]);
                    hi = Math.Max(hi, (long)s * counts[i]);
                }
            }

            minRest[i] = minRest[i + 1] + lo;
            maxRest[i] = maxRest[i + 1] + hi;
        }

        return Descend(0, 0, atomicNumbers, counts, states, sides, minRest, maxRest, assignment);
    }

    private static bool Descend(int i, long charge, ReadOnlySpan<int> atomicNumbers, ReadOnlySpan<int> counts, OxidationStateSet states, ReadOnlySpan<Side> sides, ReadOnlySpan<long> minRest, ReadOnlySpan<long> maxRest, Span<int> assignment)
    {
        if (i == atomicNumbers.Length)
        {
            return charge == 0;
        }

        if (charge + minRest[i] > 0 || charge + maxRest[i] < 0)
        {
            return false;
        }

        foreach (var s in states[atomicNumbers[i]])
        {
            if (Allowed(s, sides[i]))
            {
                assignment[i] = s;
                if (Descend(i + 1, charge + ((long)s * counts[i]), atomicNumbers, counts, states, sides, minRest, maxRest, assignment))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
