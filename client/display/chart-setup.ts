import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
} from 'chart.js';

// Only what the charts scene draws: no tooltips or legends on a screen nobody touches.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement);

/** Chart text scales with the screen, like the rest of the display. */
export function scaleChartFonts(viewportMin: number): void {
  Chart.defaults.font.size = Math.max(12, Math.round(viewportMin / 50));
  Chart.defaults.font.family = "system-ui, 'Noto Sans CJK SC', sans-serif";
  Chart.defaults.animation = false;
}

export { Chart };
