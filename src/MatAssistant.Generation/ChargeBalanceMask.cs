using System.Numerics;
using MatAssistant.Chemistry;

namespace MatAssistant.Generation;

/// <summary>
/// Charge-aware decoding with look-ahead: a token is allowed only while the formula can still be completed into one with a
/// neutral, cations-first assignment of the chosen oxidation states (one state per element, SMACT's rule), and the end
/// token only once such an assignment exists. Elements are emitted in Pauling-electronegativity order (the tokenizer's
/// canonical order), so "cations first" is the electronegativity-balance test of that table; a cation and an anion of equal
/// electronegativity fail it and are not paired. Elements without an electronegativity, or without states of either sign
/// in the set, are never allowed (they cannot be part of such an assignment).
/// </summary>
/// <remarks>
/// <para>Why by hand: no library decodes under a charge constraint; SMACT checks finished formulas only.</para>
/// <para>Each sequence tracks the reachable charge sums of its prefix as two bitsets: all-cation prefixes and prefixes that
/// have turned to anions. For every element rank and number of element slots left, tables built once per mask hold the
/// sums a completion can contribute (a subset-sum programme over counts 1…MaxCount and the states), so each check is a
/// few word ANDs. The first version only removed the end token while the formula was unbalanced, so a sequence could walk
/// into a state no completion balances and then end unbalanced at the element limit or after the last element in the
/// order (3.4 % of 10,000 samples under SMACT14); with the look-ahead, a sample decoded under this mask alone always ends
/// balanced. Other constraints (<see cref="ConstraintMasker"/>: required elements, element counts, atom limits) are not
/// in the tables: where the two masks leave no token in common, the charge mask is relaxed for that sample and the sample
/// says so (<see cref="GeneratedComposition.ChargeBalanceRelaxed"/>).</para>
/// </remarks>
public sealed class ChargeBalanceMask
{
    private readonly CompositionTokenizer _tokenizer;
    private readonly int _ranks;
    private readonly int _maxElements;
    private readonly int _range;        // sums lie in [-_range, _range]; bit index = sum + _range
    private readonly int _words;
    private readonly int[][][] _positive; // [rank][count]: the charges count atoms of the element can carry as a cation
    private readonly int[][][] _negative; // the same as an anion
    private readonly int[] _nextStrict; // [r + 1]: first rank whose electronegativity is above rank r's (0 for r = -1)
    private readonly ulong[] _anionFrom;   // [q, m]: −(sums of completions that start with q as an anion, ≤ m elements)
    private readonly ulong[] _cationFrom;  // [q, m]: −(sums of completions that start with q as a cation and end in anions)
    private readonly ulong[] _afterAnion;  // [r + 1, m]: −({0} ∪ sums of anion completions after rank r)
    private readonly ulong[] _afterCation; // [r + 1, m]: −(sums of completions after an all-cation prefix ending at rank r)

    /// <summary>Builds the tables for <paramref name="states"/>.</summary>
    /// <param name="tokenizer">The generator's tokenizer.</param>
    /// <param name="states">The oxidation states to balance with.</param>
    /// <param name="allowedElements">Ranks that may be emitted (null: all); excluded elements are left out of the look-ahead.</param>
    /// <param name="maxElements">Most distinct elements (null: the tokenizer's limit).</param>
    /// <param name="mixedValence">Elements whose atoms may each take their own state (SMACT's <c>mixed_valence</c>, as the
    /// screening rules apply it: Fe3O4 is Fe+2 Fe+3 Fe+3 O−2×4); null: one state per element.</param>
    public ChargeBalanceMask(CompositionTokenizer tokenizer, OxidationStateSet states, IReadOnlyList<bool>? allowedElements = null, int? maxElements = null, ElementSet? mixedValence = null)
    {
        _tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        States = states ?? throw new ArgumentNullException(nameof(states));
        _ranks = tokenizer.Elements.Count;
        _maxElements = Math.Clamp(maxElements ?? tokenizer.MaxElements, 1, tokenizer.MaxElements);
        var chi = tokenizer.Elements.Select(e => e.PaulingElectronegativity ?? double.NaN).ToArray();
        bool Usable(int r) => (allowedElements is null || allowedElements[r]) && !double.IsNaN(chi[r]);
        MixedValence = mixedValence;
        int[][] Charges(int r, Func<int, bool> side)
        {
            var list = Usable(r) ? states[tokenizer.Elements[r]].ToArray().Where(side).ToArray() : [];
            return AtomCharges(list, tokenizer.MaxCount, mixedValence?.Contains(tokenizer.Elements[r]) == true);
        }

        _positive = [.. Enumerable.Range(0, _ranks).Select(r => Charges(r, s => s > 0))];
        _negative = [.. Enumerable.Range(0, _ranks).Select(r => Charges(r, s => s < 0))];
        var maxAbs = Math.Max(1, _positive.Concat(_negative).SelectMany(c => c.Length > 1 ? c[1] : []).Select(Math.Abs).DefaultIfEmpty(1).Max());
        _range = _maxElements * tokenizer.MaxCount * maxAbs;
        _words = ((2 * _range) + 1 + 63) >> 6;
        _nextStrict = new int[_ranks + 1];
        for (var r = -1; r < _ranks; r++)
        {
            var q = r + 1;
            while (r >= 0 && q < _ranks && !(chi[q] > chi[r]))
            {
                q++;
            }

            _nextStrict[r + 1] = q;
        }

        var slots = _maxElements + 1;
        _anionFrom = new ulong[_ranks * slots * _words];
        _cationFrom = new ulong[_ranks * slots * _words];
        _afterAnion = new ulong[(_ranks + 1) * slots * _words];
        _afterCation = new ulong[(_ranks + 1) * slots * _words];
        Build(tokenizer.MaxCount);
    }

    /// <summary>The tokenizer the tables are for.</summary>
    public CompositionTokenizer Tokenizer => _tokenizer;

    /// <summary>The oxidation states the mask balances with.</summary>
    public OxidationStateSet States { get; }

    /// <summary>Elements whose atoms may take different states; null: one state per element.</summary>
    public ElementSet? MixedValence { get; }

    /// <summary>Most distinct elements the look-ahead allows for.</summary>
    public int MaxElements => _maxElements;

    /// <summary>Reachable charge sums of a batch of sequences; one per batch, not thread-safe.</summary>
    /// <param name="size">Sequences in the batch.</param>
    public Tracker CreateTracker(int size) => new(this, size);

    private Span<ulong> Cell(ulong[] table, int index, int m) => table.AsSpan(((index * (_maxElements + 1)) + m) * _words, _words);

    /// <summary>Fills the look-ahead tables (negated, so that a check is an intersection with the prefix sums).</summary>
    private void Build(int maxCount)
    {
        var slots = _maxElements + 1;
        // In normal orientation: union over start ranks ≥ q of anion-only completions (uan) and of cation-then-anion ones (uca).
        var uan = new ulong[(_ranks + 1) * slots * _words];
        var uca = new ulong[(_ranks + 1) * slots * _words];
        var work = new ulong[_words];
        var an = new ulong[_words];
        var ca = new ulong[_words];
        var zero = _range;
        for (var q = _ranks - 1; q >= 0; q--)
        {
            var negativeSums = _negative[q].SelectMany(c => c).Distinct().ToArray();
            var positiveSums = _positive[q].SelectMany(c => c).Distinct().ToArray();
            for (var m = 1; m <= _maxElements; m++)
            {
                // q as an anion, then nothing or anions of higher rank.
                Array.Clear(an);
                Cell(uan, q + 1, m - 1).CopyTo(work);
                Set(work, zero);
                foreach (var v in negativeSums)
                {
                    OrShifted(work, an, v);
                }

                // q as a cation, then cations of higher rank ending in anions, or anions of strictly higher electronegativity.
                Array.Clear(ca);
                Cell(uca, q + 1, m - 1).CopyTo(work);
                Or(Cell(uan, _nextStrict[q + 1], m - 1), work);
                foreach (var v in positiveSums)
                {
                    OrShifted(work, ca, v);
                }

                Negate(an, Cell(_anionFrom, q, m));
                Negate(ca, Cell(_cationFrom, q, m));
                var uanCell = Cell(uan, q, m);
                Cell(uan, q + 1, m).CopyTo(uanCell);
                Or(an, uanCell);
                var ucaCell = Cell(uca, q, m);
                Cell(uca, q + 1, m).CopyTo(ucaCell);
                Or(ca, ucaCell);
            }
        }

        for (var r = -1; r < _ranks; r++)
        {
            for (var m = 0; m <= _maxElements; m++)
            {
                Cell(uan, r + 1, m).CopyTo(work);
                Set(work, zero);
                Negate(work, Cell(_afterAnion, r + 1, m));
                Cell(uca, r + 1, m).CopyTo(work);
                Or(Cell(uan, _nextStrict[r + 1], m), work);
                Negate(work, Cell(_afterCation, r + 1, m));
            }
        }
    }

    /// <summary>
    /// Per count 1…<paramref name="maxCount"/> (index 0 empty), the total charges that many atoms can carry: count × state with
    /// one state per element; with mixed valence, every sum of count states (the count-fold sumset).
    /// </summary>
    private static int[][] AtomCharges(int[] states, int maxCount, bool mixed)
    {
        var result = new int[maxCount + 1][];
        result[0] = [];
        var sums = new SortedSet<int>(states);
        for (var c = 1; c <= maxCount; c++)
        {
            if (!mixed)
            {
                result[c] = [.. states.Select(s => c * s)];
                continue;
            }

            result[c] = [.. sums];
            sums = [.. sums.SelectMany(x => states.Select(s => x + s))];
        }

        return result;
    }

    private void Negate(ReadOnlySpan<ulong> source, Span<ulong> target)
    {
        target.Clear();
        var bits = (2 * _range) + 1;
        for (var w = 0; w < source.Length; w++)
        {
            for (var word = source[w]; word != 0; word &= word - 1)
            {
                var i = (w << 6) + BitOperations.TrailingZeroCount(word);
                if (i < bits)
                {
                    Set(target, bits - 1 - i);
                }
            }
        }
    }

    private static void Set(Span<ulong> bits, int index) => bits[index >> 6] |= 1UL << (index & 63);

    private static bool IsSet(ReadOnlySpan<ulong> bits, int index) => ((bits[index >> 6] >> (index & 63)) & 1) != 0;

    private static void Or(ReadOnlySpan<ulong> source, Span<ulong> target)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] |= source[i];
        }
    }

    /// <summary>target |= source with every bit moved up by <paramref name="shift"/> (down when negative); bits leaving the
    /// range drop. Only source words <paramref name="lo"/>…<paramref name="hi"/> are read (the others must be zero).</summary>
    private static void OrShifted(ReadOnlySpan<ulong> source, Span<ulong> target, int shift, int lo = 0, int hi = int.MaxValue)
    {
        var (first, last) = TargetWords(source.Length, target.Length, shift, lo, hi);
        for (var t = first; t <= last; t++)
        {
            target[t] |= ShiftedWord(source, t, shift);
        }
    }

    /// <summary>True when source shifted by <paramref name="shift"/> and <paramref name="table"/> share a bit; source words lo…hi.</summary>
    private static bool IntersectsShifted(ReadOnlySpan<ulong> source, int lo, int hi, ReadOnlySpan<ulong> table, int shift)
    {
        var (first, last) = TargetWords(source.Length, table.Length, shift, lo, hi);
        for (var t = first; t <= last; t++)
        {
            if ((table[t] & ShiftedWord(source, t, shift)) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The target words that source words lo…hi reach under a shift, clamped to the target.</summary>
    private static (int First, int Last) TargetWords(int sourceLength, int targetLength, int shift, int lo, int hi)
    {
        var words = shift >> 6; // floor, also for negative shifts
        if (lo > hi)
        {
            return (0, -1); // an empty set
        }

        return (Math.Max(0, lo + words), Math.Min(targetLength - 1, Math.Min(hi, sourceLength - 1) + words + 1));
    }

    /// <summary>Word <paramref name="t"/> of source shifted by <paramref name="shift"/> bits.</summary>
    private static ulong ShiftedWord(ReadOnlySpan<ulong> source, int t, int shift)
    {
        var q = (t << 6) - shift; // first source bit of target word t
        var a = q >> 6;
        var b = q & 63;
        var low = a >= 0 && a < source.Length ? source[a] >> b : 0;
        var high = b != 0 && a + 1 >= 0 && a + 1 < source.Length ? source[a + 1] << (64 - b) : 0;
        return low | high;
    }

    private static bool Intersects(ReadOnlySpan<ulong> source, int lo, int hi, ReadOnlySpan<ulong> table)
    {
        for (var j = lo; j <= hi; j++)
        {
            if ((source[j] & table[j]) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The charge sums of the sequences of one batch. A sequence starts empty (<see cref="Reset"/>), takes each element and
    /// count with <see cref="Add"/>, and <see cref="Restrict"/> removes from a row of allowed tokens those after which no
    /// balanced completion exists.
    /// </summary>
    public sealed class Tracker
    {
        private readonly ChargeBalanceMask _mask;
        private readonly int _words;
        private readonly ulong[] _cation;
        private readonly ulong[] _anion;
        private readonly int[] _cationLo;
        private readonly int[] _cationHi;
        private readonly int[] _anionLo;
        private readonly int[] _anionHi;
        private readonly int[] _lastRank;
        private readonly int _stride;
        private readonly int[] _emittedRanks; // [i * _stride + j]: the j-th element of sequence i, and its count
        private readonly int[] _emittedCounts;
        private readonly int[] _emitted;
        private readonly int _spare; // a row for the reduced formula's check
        private readonly ulong[] _scratchCation;
        private readonly ulong[] _scratchAnion;

        internal Tracker(ChargeBalanceMask mask, int size)
        {
            _mask = mask;
            _words = mask._words;
            _spare = size;
            size++;
            _stride = mask._tokenizer.MaxElements;
            _emittedRanks = new int[size * _stride];
            _emittedCounts = new int[size * _stride];
            _emitted = new int[size];
            _cation = new ulong[size * _words];
            _anion = new ulong[size * _words];
            _cationLo = new int[size];
            _cationHi = new int[size];
            _anionLo = new int[size];
            _anionHi = new int[size];
            _lastRank = new int[size];
            _scratchCation = new ulong[_words];
            _scratchAnion = new ulong[_words];
            for (var i = 0; i < size; i++)
            {
                Reset(i);
            }
        }

        /// <summary>Sequence <paramref name="i"/> becomes the empty formula (the only sum: 0, all-cation).</summary>
        public void Reset(int i)
        {
            Cation(i).Clear();
            Anion(i).Clear();
            Set(Cation(i), _mask._range);
            _cationLo[i] = _cationHi[i] = _mask._range >> 6;
            _anionLo[i] = 0;
            _anionHi[i] = -1;
            _lastRank[i] = -1;
            _emitted[i] = 0;
        }

        /// <summary>A neutral, cations-first assignment exists for sequence <paramref name="i"/> as it stands.</summary>
        /// <remarks>With mixed valence the screening rules judge the reduced formula, whose atoms are fewer (Ti2O2 → TiO: Ti+1
        /// Ti+3 balance two atoms, one Ti atom needs Ti+2), so then the reduced counts are checked as well.</remarks>
        public bool Balanced(int i) => BalancedAsEmitted(i) && (_mask.MixedValence is null || BalancedWhenReduced(i));

        private bool BalancedAsEmitted(int i) => _anionHi[i] >= 0 && IsSet(Anion(i), _mask._range);

        private bool BalancedWhenReduced(int i)
        {
            var n = _emitted[i];
            var g = 0;
            for (var j = 0; j < n; j++)
            {
                g = (int)BigInteger.GreatestCommonDivisor(g, _emittedCounts[(i * _stride) + j]);
            }

            if (g <= 1)
            {
                return true;
            }

            Reset(_spare);
            for (var j = 0; j < n; j++)
            {
                Add(_spare, _emittedRanks[(i * _stride) + j], _emittedCounts[(i * _stride) + j] / g);
            }

            return BalancedAsEmitted(_spare);
        }

        /// <summary>True when some completion of sequence <paramref name="i"/> within the element limit balances.</summary>
        public bool CanBalance(int i, int distinct)
        {
            var m = Math.Max(0, _mask._maxElements - distinct);
            return Intersects(Anion(i), _anionLo[i], _anionHi[i], _mask.Cell(_mask._afterAnion, _lastRank[i] + 1, m))
                || Intersects(Cation(i), _cationLo[i], _cationHi[i], _mask.Cell(_mask._afterCation, _lastRank[i] + 1, m));
        }

        /// <summary>Adds <paramref name="count"/> atoms of the element of rank <paramref name="rank"/> to sequence <paramref name="i"/>.</summary>
        public void Add(int i, int rank, int count)
        {
            var cation = Cation(i);
            var anion = Anion(i);
            Array.Clear(_scratchCation);
            Array.Clear(_scratchAnion);
            // Anions may follow anions, or cations of lower electronegativity; cations only cations.
            var turn = rank >= _mask._nextStrict[_lastRank[i] + 1];
            foreach (var q in _mask._negative[rank][count])
            {
                OrShifted(anion, _scratchAnion, q, _anionLo[i], _anionHi[i]);
                if (turn)
                {
                    OrShifted(cation, _scratchAnion, q, _cationLo[i], _cationHi[i]);
                }
            }

            foreach (var q in _mask._positive[rank][count])
            {
                OrShifted(cation, _scratchCation, q, _cationLo[i], _cationHi[i]);
            }

            _scratchCation.CopyTo(cation);
            _scratchAnion.CopyTo(anion);
            if (_emitted[i] < _stride)
            {
                _emittedRanks[(i * _stride) + _emitted[i]] = rank;
                _emittedCounts[(i * _stride) + _emitted[i]] = count;
                _emitted[i]++;
            }

            (_cationLo[i], _cationHi[i]) = Bounds(cation);
            (_anionLo[i], _anionHi[i]) = Bounds(anion);
            _lastRank[i] = rank;
        }

        /// <summary>
        /// Clears in <paramref name="allowed"/> the tokens after which sequence <paramref name="i"/> (in decoding state
        /// <paramref name="state"/>) could no longer end balanced: the end token while unbalanced, elements and counts
        /// that leave no balanced completion. Returns how many tokens stay allowed; when none would, nothing is cleared and
        /// 0 is returned (the caller relaxes the charge mask for this sample).
        /// </summary>
        public int Restrict(int i, in DecodingState state, Span<bool> allowed)
        {
            var mask = _mask;
            var tokenizer = mask._tokenizer;
            var kept = 0;
            var dropped = 0;
            Span<int> drop = stackalloc int[allowed.Length];
            if (state.ExpectCount)
            {
                // The element of rank x was just emitted; a count c is allowed when the sums after it can still balance.
                var x = state.LastRank;
                var m = Math.Max(0, mask._maxElements - state.Distinct);
                var turn = x >= mask._nextStrict[_lastRank[i] + 1];
                var afterAnion = mask.Cell(mask._afterAnion, x + 1, m);
                var afterCation = mask.Cell(mask._afterCation, x + 1, m);
                var cation = Cation(i);
                var anion = Anion(i);
                for (var c = 1; c <= tokenizer.MaxCount; c++)
                {
                    var token = tokenizer.CountToken(c);
                    if (!allowed[token])
                    {
                        continue;
                    }

                    var ok = false;
                    foreach (var q in mask._positive[x][c])
                    {
                        if (IntersectsShifted(cation, _cationLo[i], _cationHi[i], afterCation, q))
                        {
                            ok = true;
                            break;
                        }
                    }

                    if (!ok)
                    {
                        foreach (var q in mask._negative[x][c])
                        {
                            if (IntersectsShifted(anion, _anionLo[i], _anionHi[i], afterAnion, q)
                                || (turn && IntersectsShifted(cation, _cationLo[i], _cationHi[i], afterAnion, q)))
                            {
                                ok = true;
                                break;
                            }
                        }
                    }

                    if (ok)
                    {
                        kept++;
                    }
                    else
                    {
                        drop[dropped++] = token;
                    }
                }
            }
            else
            {
                var m = mask._maxElements - state.Distinct;
                if (allowed[CompositionTokenizer.Eos])
                {
                    if (Balanced(i))
                    {
                        kept++;
                    }
                    else
                    {
                        drop[dropped++] = CompositionTokenizer.Eos;
                    }
                }

                var next = mask._nextStrict[_lastRank[i] + 1];
                var cation = Cation(i);
                var anion = Anion(i);
                for (var x = Math.Max(0, _lastRank[i] + 1); x < mask._ranks; x++)
                {
                    var token = CompositionTokenizer.ElementToken(x);
                    if (!allowed[token])
                    {
                        continue;
                    }

                    var anionFrom = m >= 1 ? mask.Cell(mask._anionFrom, x, m) : default;
                    var ok = m >= 1
                        && (Intersects(anion, _anionLo[i], _anionHi[i], anionFrom)
                            || Intersects(cation, _cationLo[i], _cationHi[i], mask.Cell(mask._cationFrom, x, m))
                            || (x >= next && Intersects(cation, _cationLo[i], _cationHi[i], anionFrom)));
                    if (ok)
                    {
                        kept++;
                    }
                    else
                    {
                        drop[dropped++] = token;
                    }
                }
            }

            if (kept == 0)
            {
                return 0;
            }

            foreach (var token in drop[..dropped])
            {
                allowed[token] = false;
            }

            return kept;
        }

        private Span<ulong> Cation(int i) => _cation.AsSpan(i * _words, _words);

        private Span<ulong> Anion(int i) => _anion.AsSpan(i * _words, _words);

        private static (int Lo, int Hi) Bounds(ReadOnlySpan<ulong> bits)
        {
            var lo = 0;
            while (lo < bits.Length && bits[lo] == 0)
            {
                lo++;
            }

            var hi = bits.Length - 1;
            while (hi >= lo && bits[hi] == 0)
            {
                hi--;
            }

            return lo > hi ? (0, -1) : (lo, hi);
        }
    }
}
