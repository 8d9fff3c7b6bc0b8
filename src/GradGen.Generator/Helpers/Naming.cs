using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace GradGen.Generator.Helpers;

/// <summary>The naming rules of the public contract: gradient parameters, the seed, unique suffixes.</summary>
internal static class Naming
{
    /// <summary>'a' becomes 'dA', 'weights' becomes 'dWeights'.</summary>
    public static string GradientName(string parameterName) =>
        "d" + char.ToUpperInvariant(parameterName[0]) + parameterName.Substring(1);

    /// <summary>The name itself if free, else the first free of name_1, name_2, …: deterministic for the same inputs.</summary>
    public static string Unique(string name, ICollection<string> taken)
    {
        if (!taken.Contains(name))
        {
            return name;
        }

        for (var i = 1; ; i++)
        {
            var candidate = name + "_" + i.ToString(CultureInfo.InvariantCulture);
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>Prefixes '@' where the name is a reserved keyword ('@class').</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>FNV-1a: the same text gives the same hash on every machine and run (string.GetHashCode does not).</summary>
    public static string StableHash(string text)
    {
        unchecked
        {
            var hash = 2166136261u;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 16777619u;
            }

            return hash.ToString("x8", CultureInfo.InvariantCulture);
        }
    }
}
