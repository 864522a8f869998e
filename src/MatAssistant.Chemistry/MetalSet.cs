namespace MatAssistant.Chemistry;

/// <summary>Which elements count as metals for SMACT's alloy rule (an all-metal composition is valid without charge balance).</summary>
public sealed class MetalSet
{
    // SMACT's `smact.metals` list, identical in every version from 2.5.5 to 4.0 (shared/data/smact/README.md).
    // It counts Ge, Sb and Po as metals and leaves out Pm and Lr, unlike pymatgen.
    private const string SmactMetals =
        "Li Be Na Mg Al K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb " +
        "Cs Ba La Ce Pr Nd Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po Fr Ra Ac Th Pa U " +
        "Np Pu Am Cm Bk Cf Es Fm Md No";

    private static readonly Lazy<MetalSet> LazySmact = new(() =>
        new MetalSet("smact", SmactMetals.Split(' ').Select(s => ElementTable.Default[s].AtomicNumber)));

    private static readonly Lazy<MetalSet> LazyPymatgen = new(() =>
        new MetalSet("pymatgen", ElementTable.Default.Elements.Where(e => e.IsMetal).Select(e => e.AtomicNumber)));

    private readonly bool[] _isMetal = new bool[ElementTable.MaxAtomicNumber + 1];

    private MetalSet(string name, IEnumerable<int> atomicNumbers)
    {
        Name = name;
        foreach (var z in atomicNumbers)
        {
            _isMetal[z] = true;
        }

        Count = _isMetal.Count(m => m);
    }

    public string Name { get; }

    public int Count { get; }

    /// <summary>SMACT's 79 metals (default, for parity with <c>smact_validity</c>).</summary>
    public static MetalSet Smact => LazySmact.Value;

    /// <summary>pymatgen's <c>Element.is_metal</c> (78 metals).</summary>
    public static MetalSet Pymatgen => LazyPymatgen.Value;

    public bool Contains(int atomicNumber) => _isMetal[atomicNumber];

    public bool Contains(Element element) => _isMetal[element.AtomicNumber];
}
