using System.Globalization;

namespace MatAssistant.Ode;

/// <summary>
/// A problem of the standard test sets solver authors measure on (Mazzia &amp; Magherini's Test Set for IVP Solvers,
/// Hairer &amp; Wanner), written in our equation language as the sources write it, with the published reference
/// solution at <see cref="T1"/> where there is one.
/// </summary>
public sealed record TestSetProblem(
    string Name,
    string Description,
    IReadOnlyList<string> Equations,
    IReadOnlyDictionary<string, double> Parameters,
    IReadOnlyDictionary<string, double> Initial,
    double T1,
    bool Stiff,
    IReadOnlyList<double>? Reference)
{
    /// <summary>The problem, parsed.</summary>
    public OdeProblem Create() => OdeProblem.Parse(Equations, Parameters, Initial, 0, T1);

    /// <summary>
    /// Significant correct digits of <paramref name="final"/> against <see cref="Reference"/> in the mixed sense of
    /// Hairer &amp; Wanner: −log10 maxᵢ |yᵢ − refᵢ| / (<paramref name="floor"/> + |refᵢ|), so components below the floor
    /// count absolutely and the others relatively.
    /// </summary>
    public double SignificantDigits(IReadOnlyList<double> final, double floor = 1)
    {
        ArgumentNullException.ThrowIfNull(final);
        var reference = Reference ?? throw new InvalidOperationException($"{Name} has no reference solution");
        var worst = 0.0;
        for (var i = 0; i < reference.Count; i++)
        {
            worst = Math.Max(worst, Math.Abs(final[i] - reference[i]) / (floor + Math.Abs(reference[i])));
        }

        return worst == 0 ? 16 : -Math.Log10(worst);
    }
}

/// <summary>The test problems, by name.</summary>
public static class OdeTestSet
{
    private static Dictionary<string, double> Values(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('='))
            .ToDictionary(p => p[0].Trim(), p => double.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);

    private static readonly string[] PolluRates =
    [
        "r1 = k1*y1", "r2 = k2*y2*y4", "r3 = k3*y5*y2", "r4 = k4*y7", "r5 = k5*y7", "r6 = k6*y7*y6", "r7 = k7*y9",
        "r8 = k8*y9*y6", "r9 = k9*y11*y2", "r10 = k10*y11*y1", "r11 = k11*y13", "r12 = k12*y10*y2", "r13 = k13*y14",
        "r14 = k14*y1*y6", "r15 = k15*y3", "r16 = k16*y4", "r17 = k17*y4", "r18 = k18*y16", "r19 = k19*y16",
        "r20 = k20*y17*y6", "r21 = k21*y19", "r22 = k22*y19", "r23 = k23*y1*y4", "r24 = k24*y19*y1", "r25 = k25*y20",
    ];

    private static readonly string[] PolluEquations =
    [
        "dy1/dt = -r1 - r10 - r14 - r23 - r24 + r2 + r3 + r9 + r11 + r12 + r22 + r25",
        "dy2/dt = -r2 - r3 - r9 - r12 + r1 + r21",
        "dy3/dt = -r15 + r1 + r17 + r19 + r22",
        "dy4/dt = -r2 - r16 - r17 - r23 + r15",
        "dy5/dt = -r3 + r4 + r4 + r6 + r7 + r13 + r20",
        "dy6/dt = -r6 - r8 - r14 - r20 + r3 + r18 + r18",
        "dy7/dt = -r4 - r5 - r6 + r13",
        "dy8/dt = r4 + r5 + r6 + r7",
        "dy9/dt = -r7 - r8",
        "dy10/dt = -r12 + r7 + r9",
        "dy11/dt = -r9 - r10 + r8 + r11",
        "dy12/dt = r9",
        "dy13/dt = -r11 + r10",
        "dy14/dt = -r13 + r12",
        "dy15/dt = r14",
        "dy16/dt = -r18 - r19 + r16",
        "dy17/dt = -r20",
        "dy18/dt = r20",
        "dy19/dt = -r21 - r22 - r24 + r23 + r25",
        "dy20/dt = -r25 + r24",
    ];

    public static IReadOnlyList<TestSetProblem> All { get; } =
    [
        new(
            "hires", "HIRES: plant physiology (Schäfer 1975), 8 equations; Test Set t1 = 321.8122",
            [
                "dy1/dt = -1.71*y1 + 0.43*y2 + 8.32*y3 + 0.0007",
                "dy2/dt = 1.71*y1 - 8.75*y2",
                "dy3/dt = -10.03*y3 + 0.43*y4 + 0.035*y5",
                "dy4/dt = 8.32*y2 + 1.71*y3 - 1.12*y4",
                "dy5/dt = -1.745*y5 + 0.43*y6 + 0.43*y7",
                "dy6/dt = -280*y6*y8 + 0.69*y4 + 1.71*y5 - 0.43*y6 + 0.69*y7",
                "dy7/dt = 280*y6*y8 - 1.81*y7",
                "dy8/dt = -280*y6*y8 + 1.81*y7",
            ],
            new Dictionary<string, double>(),
            Values("y1=1,y2=0,y3=0,y4=0,y5=0,y6=0,y7=0,y8=0.0057"),
            321.8122,
            true,
            [0.7371312573325668e-3, 0.1442485726316185e-3, 0.5888729740967575e-4, 0.1175651343283149e-2, 0.2386356198831331e-2, 0.6238968252742796e-2, 0.2849998395185769e-2, 0.2850001604814231e-2]),
        new(
            "orego", "OREGO: the Oregonator (Belousov–Zhabotinskii reaction), 3 equations, t1 = 360",
            [
                "dy1/dt = 77.27*(y2 + y1*(1 - 8.375e-6*y1 - y2))",
                "dy2/dt = (y3 - (1 + y1)*y2)/77.27",
                "dy3/dt = 0.161*(y1 - y3)",
            ],
            new Dictionary<string, double>(),
            Values("y1=1,y2=2,y3=3"),
            360,
            true,
            [0.1000814870318523e1, 0.1228178521549917e4, 0.1320554942846706e3]),
        new(
            "e5", "E5: chemical pyrolysis (Enright et al.), 4 equations over t ∈ [0, 1e13], components down to 1e-290",
            [
                "dy1/dt = -A*y1 - B*y1*y3",
                "dy2/dt = A*y1 - M*C*y2*y3",
                "dy3/dt = A*y1 - B*y1*y3 - M*C*y2*y3 + C*y4",
                "dy4/dt = B*y1*y3 - C*y4",
            ],
            Values("A=7.89e-10,B=1.1e7,C=1.13e3,M=1e6"),
            Values("y1=1.76e-3,y2=0,y3=0,y4=0"),
            1e13,
            true,
            [0.1152903278711829e-290, 0.8867655517642120e-22, 0.8854814626268838e-22, 0.0]),
        new(
            "pollu", "POLLU: air pollution model (Verwer 1994), 20 species and 25 reactions, as written in the Test Set, t1 = 60",
            [.. PolluRates, .. PolluEquations],
            Values("k1=0.35,k2=26.6,k3=1.23e4,k4=8.6e-4,k5=8.2e-4,k6=1.5e4,k7=1.3e-4,k8=2.4e4,k9=1.65e4,k10=9e3,k11=0.022,k12=1.2e4,k13=1.88,k14=1.63e4,k15=4.8e6,k16=3.5e-4,k17=0.0175,k18=1e8,k19=4.44e11,k20=1240,k21=2.1,k22=5.78,k23=0.0474,k24=1780,k25=3.12"),
            Values("y1=0,y2=0.2,y3=0,y4=0.04,y5=0,y6=0,y7=0.1,y8=0.3,y9=0.01,y10=0,y11=0,y12=0,y13=0,y14=0,y15=0,y16=0,y17=0.007,y18=0,y19=0,y20=0"),
            60,
            true,
            [
                0.5646255480022769e-01, 0.1342484130422339e+00, 0.4139734331099427e-08, 0.5523140207484359e-02, 0.2018977262302196e-06,
                0.1464541863493966e-06, 0.7784249118997964e-01, 0.3245075353396018e+00, 0.7494013383880406e-02, 0.1622293157301561e-07,
                0.1135863833257075e-07, 0.2230505975721359e-02, 0.2087162882798630e-03, 0.1396921016840158e-04, 0.8964884856898295e-02,
                0.4352846369330103e-17, 0.6899219696263405e-02, 0.1007803037365946e-03, 0.1772146513969984e-05, 0.5682943292316392e-04,
            ]),
        new(
            "rober", "ROBER: Robertson's kinetics to t = 1e11 (Hairer & Wanner), 3 equations",
            ["dy1/dt = -0.04*y1 + 1e4*y2*y3", "dy2/dt = 0.04*y1 - 1e4*y2*y3 - 3e7*y2^2", "dy3/dt = 3e7*y2^2"],
            new Dictionary<string, double>(),
            Values("y1=1,y2=0,y3=0"),
            1e11,
            true,
            [0.2083340149701255e-07, 0.8333360770334713e-13, 0.9999999791665050]),
        new(
            "vdpol", "VDPOL: Van der Pol in Hairer & Wanner's scaled form, ε = 1e-6, t1 = 2",
            ["dy1/dt = y2", "dy2/dt = ((1 - y1^2)*y2 - y1)/eps"],
            Values("eps=1e-6"),
            Values("y1=2,y2=0"),
            2,
            true,
            [0.1706167732170483e1, -0.8928097010247975]),
        new(
            "vdpolm", "VDPOLM: Van der Pol unscaled, μ = 1000 over two relaxation periods, t1 = 3000 (reference: SciPy Radau at rtol 1e-12 in the benchmark)",
            ["dy1/dt = y2", "dy2/dt = mu*(1 - y1^2)*y2 - y1"],
            Values("mu=1000"),
            Values("y1=2,y2=0"),
            3000,
            true,
            null),
        new(
            "arenstorf", "Arenstorf orbit (Hairer, Nørsett & Wanner), restricted three-body problem, one period: returns to its start",
            [
                "r1 = ((y1 + mu)^2 + y2^2)^1.5",
                "r2 = ((y1 - 1 + mu)^2 + y2^2)^1.5",
                "y1'' = y1 + 2*y2' - (1 - mu)*(y1 + mu)/r1 - mu*(y1 - 1 + mu)/r2",
                "y2'' = y2 - 2*y1' - (1 - mu)*y2/r1 - mu*y2/r2",
            ],
            Values("mu=0.012277471"),
            Values("y1=0.994,y1'=0,y2=0,y2'=-2.00158510637908252240537862224"),
            17.0652165601579625588917206249,
            false,
            [0.994, 0, 0, -2.00158510637908252240537862224]),
        new(
            "kepler", "Kepler orbit, eccentricity 0.5, three periods: returns to its start",
            ["r3 = (q1^2 + q2^2)^1.5", "q1'' = -q1/r3", "q2'' = -q2/r3"],
            new Dictionary<string, double>(),
            Values("q1=0.5,q1'=0,q2=0,q2'=1.7320508075688772"),
            6 * Math.PI,
            false,
            [0.5, 0, 0, 1.7320508075688772]),
        new(
            "lotka", "Lotka–Volterra predator–prey, t1 = 20 (reference: SciPy DOP853 at rtol 1e-13 in the benchmark)",
            ["dx/dt = 1.5*x - x*y", "dy/dt = -3*y + x*y"],
            new Dictionary<string, double>(),
            Values("x=10,y=5"),
            20,
            false,
            null),
        new(
            "brusselator", "Brusselator (Hairer, Nørsett & Wanner), non-stiff, t1 = 20 (reference: SciPy DOP853 at rtol 1e-13 in the benchmark)",
            ["dy1/dt = 1 + y1^2*y2 - 4*y1", "dy2/dt = 3*y1 - y1^2*y2"],
            new Dictionary<string, double>(),
            Values("y1=1.5,y2=3"),
            20,
            false,
            null),
    ];

    /// <summary>The problem called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static TestSetProblem? Find(string name) => All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
