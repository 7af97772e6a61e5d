/**
 * Apache ECharts, bundled (no CDN), with only the charts and components the dashboard uses, drawn as SVG so
 * charts stay sharp in screenshots and can be inspected in the DOM. `name` and `points` land on the container
 * as data-chart / data-points: what a browser test checks to know the chart carries data.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { CalendarComponent, GridComponent, LegendComponent, MarkLineComponent, MarkPointComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { FONT } from '../theme';

echarts.use([BarChart, HeatmapChart, LineChart, ScatterChart, CalendarComponent, GridComponent, LegendComponent, MarkLineComponent, MarkPointComponent, TooltipComponent, VisualMapComponent, LabelLayout, SVGRenderer]);

export type ChartOption = EChartsCoreOption;

export function Chart(props: { name: string; option: ChartOption; points: number; height?: number; onClick?: (p: { data: unknown; dataIndex: number; seriesIndex?: number; name?: string }) => void }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(props.onClick);
  click.current = props.onClick;
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.current = c;
    c.on('click', (p) => click.current?.(p as never));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ textStyle: { fontFamily: FONT }, animation: false, ...props.option }, true);
  }, [props.option]);
  return <div className="chart" ref={el} data-chart={props.name} data-points={props.points} style={{ height: props.height ?? 320 }} />;
}
