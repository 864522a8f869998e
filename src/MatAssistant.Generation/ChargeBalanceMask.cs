using MatAssistant.Chemistry;

namespace MatAssistant.Generation;

/// <summary>
/// Charge-aware decoding: the end of a formula is allowed only once some assignment of the chosen oxidation states (one
/// state per element, SMACT's rule) sums to zero with every cation before every anion in the emission order. Elements are
/// emitted in Pauling-electronegativity order, so "cations first" is the electronegativity-balance test. Each sequence
/// tracks the charge sums reachable so far in two sets: all-cation prefixes, and prefixes that have turned to anions.
/// The mask only removes the end token while another token remains; where none does (the element limit or the last
/// element in the order), the formula ends unbalanced, so the guarantee is not absolute and the bench measures it.
/// </summary>
public sealed class ChargeBalanceMask
{
    private readonly int[][] _positive; // by element rank
    private readonly int[][] _negative;

    public ChargeBalanceMask(CompositionTokenizer tokenizer, OxidationStateSet states)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        States = states ?? throw new ArgumentNullException(nameof(states));
        _positive = [.. tokenizer.Elements.Select(e => states[e].ToArray().Where(s => s > 0).ToArray())];
        _negative = [.. tokenizer.Elements.Select(e => states[e].ToArray().Where(s => s < 0).ToArray())];
    }

    /// <summary>The oxidation states the mask balances with.</summary>
    public OxidationStateSet States { get; }

    /// <summary>Reachable sums of one sequence; <see cref="Start"/> for an empty formula.</summary>
    public sealed class Sums
    {
        internal HashSet<int> Cation { get; } = [0];

        internal HashSet<int> Anion { get; } = [];

        /// <summary>A neutral, electronegativity-ordered assignment exists for the formula so far.</summary>
        public bool Balanced => Anion.Contains(0);
    }

    /// <summary>The sums of an empty formula.</summary>
    public static Sums Start() => new();

    /// <summary>Adds <paramref name="count"/> atoms of the element of rank <paramref name="rank"/> to <paramref name="sums"/>.</summary>
    public void Add(Sums sums, int rank, int count)
    {
        ArgumentNullException.ThrowIfNull(sums);
        // Anions may follow cations or anions; cations only cations. Computed from the old sets before either is replaced.
        var anion = new HashSet<int>();
        foreach (var s in _negative[rank])
        {
            foreach (var a in sums.Anion)
            {
                anion.Add(a + (count * s));
            }

            foreach (var c in sums.Cation)
            {
                anion.Add(c + (count * s));
            }
        }

        var cation = new HashSet<int>();
        foreach (var s in _positive[rank])
        {
            foreach (var c in sums.Cation)
            {
                cation.Add(c + (count * s));
            }
        }

        sums.Cation.Clear();
        sums.Cation.UnionWith(cation);
        sums.Anion.Clear();
        sums.Anion.UnionWith(anion);
    }
}
