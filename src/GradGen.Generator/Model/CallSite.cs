using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;

namespace GradGen.Generator.Model;

/// <summary>A call GradGen may have to report later (no derivative, or differentiated numerically), with where it is.</summary>
internal sealed record CallSite(LocationInfo? Location, string Callee, EquatableArray<string> ArgumentTexts, EquatableArray<string> ParameterNames);
