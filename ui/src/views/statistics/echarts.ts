// ECharts with only what the statistics charts draw: bar and pie charts, grid, tooltip and legend,
// on canvas. Imported by StatChart.vue alone, so ECharts stays in the statistics page's chunk and
// never slows the app's start.
import { init, use, type ECharts } from 'echarts/core'
import { BarChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export { init }
export type { ECharts }
