using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AkkaRunGroup.Benchmarks;

/// <summary>
/// A summary column with each benchmark's median divided by the median of one baseline method with the same
/// parameters. BenchmarkDotNet's own Ratio column knows one baseline; every case here is compared with two.
/// </summary>
internal sealed class RatioColumn(string baselineMethod, string columnName) : IColumn
{
    public string Id => $"{nameof(RatioColumn)}.{baselineMethod}";

    public string ColumnName => columnName;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"Median divided by the median of {baselineMethod} with the same parameters";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var baseline = summary.BenchmarksCases.FirstOrDefault(b =>
            b.Descriptor.Type == benchmarkCase.Descriptor.Type &&
            b.Descriptor.WorkloadMethod.Name == baselineMethod &&
            b.Job.DisplayInfo == benchmarkCase.Job.DisplayInfo &&
            b.Parameters.ValueInfo == benchmarkCase.Parameters.ValueInfo);
        var own = summary[benchmarkCase]?.ResultStatistics;
        var other = baseline is null ? null : summary[baseline]?.ResultStatistics;
        return own is null || other is null || other.Median == 0 ? "?" : (own.Median / other.Median).ToString("0.00");
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
