import { BarController, BarElement, CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

// Only what the console draws; tooltips help on a laptop, legends are replaced by titles.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip);
Chart.defaults.animation = false;
Chart.defaults.font.family = "system-ui, 'Noto Sans CJK SC', sans-serif";

export { Chart };
