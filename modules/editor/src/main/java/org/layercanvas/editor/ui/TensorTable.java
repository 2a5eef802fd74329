package org.layercanvas.editor.ui;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.table.AbstractTableModel;
import org.layercanvas.engine.api.WeightTensor;

/**
 * A tensor's values as a table, a page at a time (a LeNet-5 batch's first convolution holds 602,112): each value's
 * place as an index per dimension, the value, and beside it the gradient dL/d of it when one flows there.
 */
final class TensorTable extends JPanel {
    static final int PAGE = 1000;
    private final Model model = new Model();
    final JTable table = new JTable(model);
    final JButton previous = new JButton("◀ Previous"), next = new JButton("Next ▶");
    final JLabel position = new JLabel(" ");

    TensorTable() {
        super(new BorderLayout());
        table.setName("inspector.values");
        next.setName("inspector.values.next");
        previous.setName("inspector.values.previous");
        position.setName("inspector.values.position");
        previous.addActionListener(e -> page(model.first - PAGE));
        next.addActionListener(e -> page(model.first + PAGE));
        JPanel bar = new JPanel(new FlowLayout(FlowLayout.LEFT));
        bar.add(previous);
        bar.add(next);
        bar.add(position);
        add(bar, BorderLayout.NORTH);
        add(new JScrollPane(table), BorderLayout.CENTER);
        page(0);
    }

    /** Shows {@code values} (null: nothing) with {@code gradient} beside them (null: none), from the first page. */
    void show(WeightTensor values, WeightTensor gradient) {
        model.values = values;
        model.gradient = gradient != null && values != null && gradient.values().length == values.values().length ? gradient : null;
        model.fireTableStructureChanged();
        page(0);
    }

    private void page(int first) {
        int size = model.size();
        model.first = Math.max(0, Math.min(first, size == 0 ? 0 : (size - 1) / PAGE * PAGE));
        model.fireTableDataChanged();
        previous.setEnabled(model.first > 0);
        next.setEnabled(model.first + PAGE < size);
        position.setText(size == 0 ? " " : String.format("values %,d–%,d of %,d", model.first + 1, Math.min(size, model.first + PAGE), size));
    }

    private static final class Model extends AbstractTableModel {
        WeightTensor values, gradient;
        int first;

        int size() {
            return values == null ? 0 : values.values().length;
        }

        @Override
        public int getRowCount() {
            return Math.min(PAGE, size() - first);
        }

        @Override
        public int getColumnCount() {
            return gradient == null ? 2 : 3;
        }

        @Override
        public String getColumnName(int column) {
            return switch (column) {
                case 0 -> values == null ? "index" : "index " + values.shape();
                case 1 -> "value";
                default -> "gradient";
            };
        }

        @Override
        public Object getValueAt(int row, int column) {
            int i = first + row;
            return switch (column) {
                case 0 -> index(i, values.shape().dims());
                case 1 -> String.format("%.6g", values.values()[i]);
                default -> String.format("%.6g", gradient.values()[i]);
            };
        }

        /** The flat position {@code i} as one index per dimension, rows first: [0, 3, 12, 5]. */
        static String index(int i, int[] dims) {
            int[] at = new int[dims.length];
            for (int d = dims.length - 1; d >= 0; d--) {
                at[d] = i % dims[d];
                i /= dims[d];
            }
            return java.util.Arrays.toString(at);
        }
    }
}
