# Writes the program of long-flat-lists.test.
n = 300000
print('n = len([' + ','.join(['0'] * n) + ']);')
print('d = {' + ', '.join('%d: %d' % (i, i) for i in range(10000)) + '};')
print('m = d[9999];')
names = ['a%d' % i for i in range(20000)]
print('def f(' + ', '.join(names) + ') { return a19999; }')
print('k = f(' + ', '.join(['1'] * 19999) + ', 7);')
print(', '.join('b%d' % i for i in range(200)) + ' = ' +
      ', '.join(str(i) for i in range(200)) + ';')
print('z = zip(' + ', '.join(['[1]'] * 1000) + ');')
